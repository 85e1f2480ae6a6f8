"""Show that Shoal scales out on standard parts: two gunicorn instances behind nginx, over one
PostgreSQL, one Redis and one shared media folder, all on 127.0.0.1.

Run it as `make scale-out-check` (which wraps it in scripts/with-postgres.sh for DATABASE_URL).
It starts Redis, the two instances (the production recipe of docs/operators/production.md,
CACHE_URL=redis://...) and nginx (Debian packages, installed if missing; its configuration,
pid and logs in a temporary folder), then checks, printing each result:

1. a session started through instance A (signing in to the admin: the password through A,
   the two-factor code through B, as production requires one of staff) works through B;
2. an edit published through A is seen through B, and through nginx, on the next request,
   though both had the old page in the shared page cache;
3. an image uploaded through A is served by B from the shared media folder.

It exits non-zero when a check fails, and stops everything it started in any case.
"""

import base64
import contextlib
import hashlib
import hmac
import http.client
import io
import os
import re
import secrets
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import (  # noqa: E402
    free_port,
    install_debian_packages,
    redis_server,
    wait_for_port,
)

HOST = "portal.example.org"
PUBLIC_URL = f"https://{HOST}"
ADMIN_PASSWORD = secrets.token_urlsafe(12)
# The admin account's authenticator app: production settings require one of staff.
TOTP_SECRET = base64.b32encode(secrets.token_bytes(20)).decode()
TIMEOUT = 90  # seconds for one request: a busy 2-core machine is slow to boot a worker

SETUP = """
from django.contrib.auth import get_user_model
from wagtail.models import Site
from allauth.mfa.totp.internal.auth import TOTP
from consortium.members.accounts import verified_email
from home.models import StandardPage
user = get_user_model().objects.create_superuser("scaleout", "scaleout@example.org", {password!r})
verified_email(user)
TOTP.activate(user, {secret!r})
home = Site.objects.get(is_default_site=True).root_page
page = StandardPage(title="Scale-out notice: before", slug="scale-out-notice")
home.add_child(instance=page)
page.save_revision().publish()
page.title = "Scale-out notice: after"
page.save_revision()  # a draft, published later through instance A
print(page.pk)
"""


def authenticator_code(secret, period=30):
    """The 6-digit code an authenticator app shows now for ``secret`` (RFC 6238)."""
    counter = struct.pack(">Q", int(time.time()) // period)
    digest = hmac.new(base64.b32decode(secret), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06}"


def nginx_config(folder, listen_port, upstream_ports):
    """An nginx configuration that runs from ``folder`` (pid, logs, temporary files), listens
    on 127.0.0.1 only and spreads requests over the given gunicorn ports."""
    servers = "\n".join(f"    server 127.0.0.1:{port};" for port in upstream_ports)
    temp = "\n".join(
        f"  {kind}_temp_path {folder}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 64; }}
http {{
  access_log {folder}/nginx-access.log;
{temp}
  upstream shoal {{
{servers}
  }}
  server {{
    listen 127.0.0.1:{listen_port};
    client_max_body_size 10m;
    location / {{
      proxy_pass http://shoal;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      # nginx stands in for the TLS-terminating proxy of the production recipe.
      proxy_set_header X-Forwarded-Proto https;
    }}
  }}
}}
"""


class Browser:
    """Just enough of a browser: cookies (Secure ones too, as over HTTPS) and a proxy's
    X-Forwarded-Proto, against one 127.0.0.1 port at a time."""

    def __init__(self):
        self.cookies = {}

    def request(self, port, method, path, body=None, headers=None):
        sent = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            sent.setdefault("Origin", PUBLIC_URL)
            sent.setdefault("Referer", f"{PUBLIC_URL}{path}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, content

    def get(self, port, path):
        return self.request(port, "GET", path)

    def csrf_token(self, port, path):
        status, _, content = self.get(port, path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if status != 200 or not match:
            raise CheckFailed(f"no form at {path} (HTTP {status})")
        return match.group(1).decode()

    def post_form(self, port, path, fields):
        from urllib.parse import urlencode

        return self.request(
            port,
            "POST",
            path,
            body=urlencode(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def post_multipart(self, port, path, fields):
        from urllib3 import encode_multipart_formdata

        body, content_type = encode_multipart_formdata(fields)
        return self.request(port, "POST", path, body=body, headers={"Content-Type": content_type})


class CheckFailed(Exception):
    pass


def check(description, condition, detail=""):
    print(f"{'PASS' if condition else 'FAIL'}  {description}" + (f" ({detail})" if detail else ""))
    if not condition:
        raise CheckFailed(description)


def run(args, env, timeout=900):
    result = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise CheckFailed(f"{' '.join(args[:3])} failed:\n{result.stdout[-2000:]}{result.stderr}")
    return result.stdout


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 98, 94)).save(buffer, format="PNG")
    return buffer.getvalue()


@contextlib.contextmanager
def process(args, env, log_path):
    log = log_path.open("w")
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def wait_until_healthy(port, proc, timeout=180):
    """Wait (bounded) until the instance's workers answer /healthz/."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise CheckFailed(f"gunicorn on port {port} stopped")
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                connection.request("GET", "/healthz/", headers={"Host": "127.0.0.1"})
                if connection.getresponse().status == 200:
                    return
            finally:
                connection.close()
        time.sleep(0.5)
    raise CheckFailed(f"gunicorn on port {port} did not answer /healthz/ in {timeout} s")


def nginx_binary():
    found = shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if Path(path).exists()), None
    )
    if found is None:
        install_debian_packages("nginx")
        found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found


def main():
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("Run me through scripts/with-postgres.sh (make scale-out-check): no PostgreSQL.")
    python = sys.executable
    folder = Path(tempfile.mkdtemp(prefix="shoal-scale-out-"))
    folder.chmod(0o755)  # nginx's worker (nobody, when started as root) reads its temp paths
    try:
        with contextlib.ExitStack() as stack:
            redis_url = stack.enter_context(redis_server())
            print(f"Redis on {redis_url}, PostgreSQL at {database_url.rsplit('@', 1)[-1]}")
            env = {
                **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
                "DJANGO_SETTINGS_MODULE": "portal.settings.production",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
                "WAGTAILADMIN_BASE_URL": PUBLIC_URL,
                "DATABASE_URL": database_url,
                "CACHE_URL": redis_url,
                "MEDIA_ROOT": str(folder / "media"),
                "STATIC_ROOT": str(folder / "static"),
                "SERVE_MEDIA": "true",
                "PAGE_CACHE": "on",
                "TRUSTED_PROXY_COUNT": "1",  # nginx in front appends the visitor's address
            }
            manage = [python, "manage.py"]
            run([*manage, "collectstatic", "--noinput", "-v0"], env)
            run([*manage, "migrate", "--noinput", "-v0"], env)
            run([*manage, "configure_site"], env)
            page_id = run(
                [
                    *manage,
                    "shell",
                    "-v0",
                    "-c",
                    SETUP.format(password=ADMIN_PASSWORD, secret=TOTP_SECRET),
                ],
                env,
            ).split()[-1]

            ports = {"A": free_port(), "B": free_port()}
            for name, port in ports.items():
                proc = stack.enter_context(
                    process(
                        [
                            python,
                            "-m",
                            "gunicorn",
                            "portal.wsgi",
                            "--bind",
                            f"127.0.0.1:{port}",
                            "--workers",
                            "2",
                            "--no-control-socket",
                        ],
                        env,
                        folder / f"gunicorn-{name}.log",
                    )
                )
                wait_for_port(port, proc, timeout=60, log=folder / f"gunicorn-{name}.log")
                wait_until_healthy(port, proc)
                print(f"gunicorn instance {name} on 127.0.0.1:{port} (2 workers)")
            nginx_port = free_port()
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
                (folder / kind).mkdir(mode=0o777)
                (folder / kind).chmod(0o777)
            config = folder / "nginx.conf"
            config.write_text(nginx_config(folder, nginx_port, ports.values()))
            nginx = stack.enter_context(
                process(
                    [nginx_binary(), "-p", str(folder), "-c", str(config)],
                    env,
                    folder / "nginx.log",
                )
            )
            wait_for_port(nginx_port, nginx, log=folder / "nginx-error.log")
            print(f"nginx on 127.0.0.1:{nginx_port}, in front of A and B")
            checks(ports["A"], ports["B"], nginx_port, page_id, folder)
    except (CheckFailed, OSError, subprocess.TimeoutExpired) as failure:
        print(f"Scale-out check failed: {failure!r}")
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("Scale-out check passed.")
    return 0


def checks(a, b, nginx, page_id, folder):
    browser = Browser()
    sign_in = "/accounts/login/?next=%2Fadmin%2F"  # where the admin's /admin/login/ leads
    token = browser.csrf_token(a, sign_in)
    status, headers, _ = browser.post_form(
        a,
        sign_in,
        {"csrfmiddlewaretoken": token, "login": "scaleout", "password": ADMIN_PASSWORD},
    )
    asks_for_code = status == 302 and "/accounts/2fa/authenticate/" in headers.get("Location", "")
    check("signing in to the admin through A asks for the code", asks_for_code, f"HTTP {status}")
    token = browser.csrf_token(b, "/accounts/2fa/authenticate/")
    status, headers, _ = browser.post_form(
        b,
        "/accounts/2fa/authenticate/",
        {"csrfmiddlewaretoken": token, "code": authenticator_code(TOTP_SECRET)},
    )
    check("the code is taken through B", status == 302, f"HTTP {status}")
    status, _, content = browser.get(b, "/admin/")
    check(
        "the session started through A works through B",
        status == 200 and b"Dashboard" in content,
        f"HTTP {status}",
    )

    visitor = Browser()  # anonymous: served from the shared page cache
    for port in (a, b, nginx, nginx):
        visitor.get(port, "/scale-out-notice/")
    _, headers, content = visitor.get(b, "/scale-out-notice/")
    check(
        "B serves the published page from the shared cache",
        headers.get("X-Page-Cache") == "hit" and b"Scale-out notice: before" in content,
        headers.get("X-Page-Cache") or "not cached",
    )
    publish = f"/admin/bulk/wagtailcore/page/publish/?id={page_id}"
    token = browser.csrf_token(a, publish)
    status, _, _ = browser.post_form(a, publish, {"csrfmiddlewaretoken": token})
    check("publishing the edit through A", status in {200, 302}, f"HTTP {status}")
    _, _, content = visitor.get(b, "/scale-out-notice/")
    check("B shows the edit on the next request", b"Scale-out notice: after" in content)
    for attempt in (1, 2):  # nginx alternates between A and B
        _, _, content = visitor.get(nginx, "/scale-out-notice/")
        check(f"nginx shows the edit (request {attempt})", b"Scale-out notice: after" in content)

    image = png_bytes()
    token = browser.csrf_token(a, "/admin/images/multiple/add/")
    name = f"scale-out-{secrets.token_hex(4)}.png"
    status, _, _ = browser.post_multipart(
        a,
        "/admin/images/add/",
        {
            "csrfmiddlewaretoken": token,
            "title": "Scale-out check",
            "collection": "1",
            "file": (name, image, "image/png"),
        },
    )
    stored = list((folder / "media" / "original_images").glob("scale-out-*"))
    check("uploading an image through A", status == 302 and stored, f"HTTP {status}")
    status, _, content = visitor.get(b, f"/media/original_images/{stored[0].name}")
    check("B serves the image uploaded through A", status == 200 and content == image)


if __name__ == "__main__":
    sys.exit(main())
