import io, time
from django.core.management import call_command
def test_time(db):
    t=time.time(); call_command("load_demo_content", stdout=io.StringIO()); a=time.time()-t
    t=time.time(); call_command("generate_scale_data", scale=0.01, quiet=True); b=time.time()-t
    print("TIMING demo", a, "gen", b)
