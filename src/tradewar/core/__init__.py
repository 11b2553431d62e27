"""The project's vocabulary: baselines, policies, results, countries, errors, tariff
specifications and parameter distributions. Imports nothing else of tradewar."""
