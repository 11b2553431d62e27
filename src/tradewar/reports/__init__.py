"""What a run writes and prints: report folders, tables, figures and maps, customs
duties, readings of striking numbers, validation against observed data."""
