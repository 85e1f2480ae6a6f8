"""The public site's page types, snippets and settings."""

from .case_studies import CaseStudyFigure, CaseStudyIndexPage, CaseStudyOrganisation, CaseStudyPage
from .events import EventIndexPage, EventKind, EventPage
from .groups import (
    ClusterIndexPage,
    ClusterKind,
    ClusterMember,
    ClusterNextStep,
    ClusterPage,
    ForumConvenor,
    ForumIndexPage,
    ForumMember,
    ForumPage,
)
from .news import NewsIndexPage, NewsPage, NewsPageTag
from .pages import BasePage, HomePage, StandardPage
from .site_settings import SiteSettings, SocialLinkBlock
from .snippets import Fund, MeetingFormat
from .surveys import SurveyFormField, SurveyPage, SurveySubmission

__all__ = [
    "BasePage",
    "CaseStudyFigure",
    "CaseStudyIndexPage",
    "CaseStudyOrganisation",
    "CaseStudyPage",
    "ClusterIndexPage",
    "ClusterKind",
    "ClusterMember",
    "ClusterNextStep",
    "ClusterPage",
    "EventIndexPage",
    "EventKind",
    "EventPage",
    "ForumConvenor",
    "ForumIndexPage",
    "ForumMember",
    "ForumPage",
    "Fund",
    "HomePage",
    "MeetingFormat",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "SiteSettings",
    "SocialLinkBlock",
    "StandardPage",
    "SurveyFormField",
    "SurveyPage",
    "SurveySubmission",
]
