"""Answers to the survey of conftest.py that pass its checks, shared by the survey tests."""

GOOD_ANSWERS = {
    "your_organisation": "Riverside Befrienders",
    "email_address": "hello@riverside.example",
    "would_you_use_webinars": "Yes",
    "which_topics": ["Funding", "Governance"],
    "anything_else": "Evening sessions, please.",
}
