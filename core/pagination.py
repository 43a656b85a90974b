"""Pages of lists too long to count on every view (a review queue of 10^5 waiting items, the
public gallery): :func:`lookahead_page` reads ``per_page + 1`` rows at the page's offset, so the
pager knows whether a next page exists without ``COUNT(*)`` over every matching row. The pager
shows "Trang N" without a total (``page.paginator`` is None); a page number past the end shows the
first page, as Django's ``get_page`` falls back rather than fails.
"""


class LookaheadPage:
    paginator = None  # no total: templates test ``page.paginator.num_pages`` and get nothing

    def __init__(self, rows, number, per_page):
        self.number = number
        self.object_list = rows[:per_page]
        self._more = len(rows) > per_page

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._more

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def lookahead_page(queryset, number, per_page):
    """The page ``number`` (text from the query string; anything but a positive integer is 1)."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * per_page
    rows = list(queryset[offset:offset + per_page + 1])
    if not rows and number > 1:
        return lookahead_page(queryset, 1, per_page)
    return LookaheadPage(rows, number, per_page)
