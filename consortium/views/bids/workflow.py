"""Moving a bid between states, and partners' sign-offs."""

urlpatterns = []
