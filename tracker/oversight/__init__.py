"""What governance reads across items: timelines, the audit trail, reviews, agendas, figures."""
