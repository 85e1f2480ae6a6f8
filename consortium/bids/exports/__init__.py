"""A joint bid as a document (PDF, Word) and awarded bids as open data (360Giving).

- ``snapshot``: the bid as plain data, as now or as at any past version, with only what the
  person asking may see;
- ``pdf``: WeasyPrint from one base print template, through a restricted URL fetcher;
- ``docx``: the same content as a Word document;
- ``threesixty``: awarded bids as 360Giving grant records (JSON package and flat CSV).
"""
