"""A bid as PDF or Word, as now or as at a past version."""

urlpatterns = []
