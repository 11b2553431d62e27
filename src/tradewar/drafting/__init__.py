"""From the news to a scenario: ``tradewar draft ARTICLE`` (docs/drafting.md).

A rule-based reader of news reports in English, our own method: spaCy's tokenizer and
sentence splitter with token ``Matcher`` patterns (no downloaded model), ``dateparser``
for dates, ``country_converter`` and our place names for countries and groups. The
patterns are data files (``patterns/*.json``) that users can extend.

* :mod:`~tradewar.drafting.lexicon`: the pattern files, merged with a user's own;
* :mod:`~tradewar.drafting.dates`: dates and durations against the publication date;
* :mod:`~tradewar.drafting.extract`: sentences to drafted events and observed figures;
* :mod:`~tradewar.drafting.law`: drafted tariffs against the enacted schedules;
* :mod:`~tradewar.drafting.draft`: the draft as a scenario file (YAML or JSON).
"""
