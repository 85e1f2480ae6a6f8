"""The form Communications staff upload Wagtail documents with (``WAGTAILDOCS_DOCUMENT_FORM_BASE``).

Wagtail checks a document's extension and size; a file named ``.pdf`` must also open in a PDF
reader and have a page (the check members' vault uploads get, ``consortium.uploads``), so a
page of HTML saved as ``report.pdf`` is refused on the form, with the reason.
"""

import os

from wagtail.documents.forms import BaseDocumentForm

from consortium.uploads import check_pdf_reads


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        is_pdf = upload and os.path.splitext(upload.name or "")[1].lower() == ".pdf"
        if is_pdf and "file" in self.changed_data:
            check_pdf_reads(upload)
        return upload
