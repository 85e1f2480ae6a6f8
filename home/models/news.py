"""News: dated articles, filtered by tag, forum, cluster and year, with RSS and Atom feeds."""

from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from home import feeds
from home.blocks import BodyBlock
from portal.pagination import paginate
from portal.repeated import public, remember

from .pages import INTRODUCTION_LENGTH, SUMMARY_HELP, SUMMARY_LENGTH, BasePage

NEWS_PER_PAGE = 10


def is_small_number(value):
    """Digits 0-9 only (not "¹" or "٣", which str.isdigit() accepts) and short enough to be an
    id or a year that the database can compare."""
    return value.isascii() and value.isdigit() and len(value) <= 9


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsIndexPage(RoutablePageMixin, BasePage):
    """The news listing: paginated, filtered by tag, forum, cluster and year, with feeds."""

    introduction = models.TextField(blank=True, max_length=INTRODUCTION_LENGTH)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]

    class Meta:
        verbose_name = "news index page"

    def news_items(self):
        return public(NewsPage.objects.child_of(self).live())

    def filter_news(self, request):
        """Apply the filters in the query string; return the items and the chosen filters."""
        from .groups import ClusterPage, ForumPage

        items = self.news_items()
        chosen = {}
        tag = request.GET.get("tag", "").strip()
        if tag:
            # A subquery, not a join: a join repeats an item for each of its tags and would
            # need DISTINCT over every column of every news item (slow at thousands).
            items = items.filter(
                pk__in=NewsPageTag.objects.filter(tag__slug=tag).values("content_object_id")
            )
            chosen["tag"] = Tag.objects.filter(slug=tag).first()
        for key, model in (("forum", ForumPage), ("cluster", ClusterPage)):
            value = request.GET.get(key, "")
            if is_small_number(value):
                items = items.filter(**{f"{key}_id": int(value)})
                chosen[key] = model.objects.filter(pk=int(value)).first()
        year = request.GET.get("year", "")
        if is_small_number(year):
            items = items.filter(date__year=int(year))
            chosen["year"] = int(year)
        return items, chosen

    def filter_options(self):
        """The tags, forums, clusters and years that published news has, for the filters.

        Three DISTINCT joins over all the news: computed once per content generation, as
        they change only when news (or a forum or cluster) is published or changed.
        """
        return remember("news-filter-options", self.pk, compute=self._filter_options, local=True)

    def _filter_options(self):
        from .groups import ClusterPage, ForumPage

        items = self.news_items()
        tags = (
            Tag.objects.filter(home_newspagetag_items__content_object__in=items)
            .distinct()
            .order_by("name")
        )
        groups = {
            key: model.objects.live()
            .filter(news_items__in=items)
            .distinct()
            .order_by("title")
            .values("pk", "title")
            for key, model in (("forums", ForumPage), ("clusters", ClusterPage))
        }
        # (value, label) pairs, ready for ``{% select_options %}``.
        return {
            "tags": list(tags.values_list("slug", "name")),
            "forums": [(str(g["pk"]), g["title"]) for g in groups["forums"]],
            "clusters": [(str(g["pk"]), g["title"]) for g in groups["clusters"]],
            "years": [d.year for d in items.dates("date", "year", order="DESC")],
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items, chosen = self.filter_news(request)
        # All the news (no filter chosen) is counted once per content generation: counting
        # thousands of items on every visit was most of the page's time.
        count = None if chosen else remember("news-count", self.pk, compute=items.count)
        page_of_items, paginator = paginate(
            request, feeds.listing(items), NEWS_PER_PAGE, count=count
        )
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            news=page_of_items,
            paginator=paginator,
            chosen=chosen,
            filter_query=query.urlencode(),
            **self.filter_options(),
        )
        return context

    def feed_links(self):
        return [
            feeds.alternate(f"{self.title} (RSS)", self.url + "feed/rss/", "rss"),
            feeds.alternate(f"{self.title} (Atom)", self.url + "feed/atom/", "atom"),
        ]

    @path("feed/rss/", name="rss")
    def rss(self, request):
        return feeds.news_feed(request, self, self.news_items(), atom=False)

    @path("feed/atom/", name="atom")
    def atom(self, request):
        return feeds.news_feed(request, self, self.news_items(), atom=True)


class NewsPage(BasePage):
    """A news article."""

    date = models.DateField("news date", default=timezone.localdate)
    author = models.CharField(max_length=120, blank=True)
    summary = models.TextField(
        max_length=SUMMARY_LENGTH, help_text=SUMMARY_HELP
    )  # required: feeds need it
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt_text = models.CharField(
        max_length=250,
        blank=True,
        help_text="Describe the image for people who cannot see it, if it adds meaning",
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True)
    forum = models.ForeignKey(
        "home.ForumPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_items",
    )
    cluster = models.ForeignKey(
        "home.ClusterPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_items",
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt_text")], heading="Image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("tags"), FieldPanel("forum"), FieldPanel("cluster")],
            heading="Where it belongs",
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("author"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        # Facets of the site search.
        index.FilterField("forum"),
        index.FilterField("cluster"),
    ]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "news page"
        ordering = ["-date"]
        # Lists of news are newest first (date, then id): with this index the database reads
        # the first page in order instead of sorting every news item.
        indexes = [models.Index(fields=["date", "page_ptr"], name="home_news_date_idx")]
