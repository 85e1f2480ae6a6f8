"""Budget lines and totals, partners' statements and the due-diligence checklist."""

urlpatterns = []
