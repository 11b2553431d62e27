"""Tariffs as enacted, 2025-26: the US statutory schedule by authority, partner, product
line and date, China's answers, and their aggregation to model sectors.

* :mod:`~tradewar.enacted.lines`: the HTS product lines and the legal lists that name them.
* :mod:`~tradewar.enacted.us_law`: the dated US measures and their stacking rules.
* :mod:`~tradewar.enacted.weights`: 2024 US imports by partner and product line.
* :mod:`~tradewar.enacted.china`: China's tariffs on US goods, 2025.
* :mod:`~tradewar.enacted.canada`: Canada's counter-tariffs on US goods, 2025.
* :mod:`~tradewar.enacted.collected`: from the rates on paper to the duties collected.
* :mod:`~tradewar.enacted.schedule`: rates in force by partner x model sector x date, as
  built into the package (``schedule: us_enacted`` / ``china_enacted`` /
  ``canada_enacted`` in scenario files).
"""
