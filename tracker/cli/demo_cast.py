"""Who acts in the demo's scenarios, and what a scenario is.

Each scenario yields commands; a command may need the reference an earlier one recorded,
so scenarios receive what was recorded through ``send``.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from datetime import date, datetime

from tracker.kernel.commands import Command, Recorded

Commands = Generator[Command, Recorded, None]
Scenario = Callable[[date, datetime], Commands]

STAFF, HEAD_OF_INTELLIGENCE, RTTCG_CHAIR = "r.khan", "s.ellis", "acc.morgan"
DEBRIEF_LEAD, GOLD = "j.owens", "acc.morgan"
LEAD_OFFICER, COMMS_LEAD = "a.patel", "k.hughes"  # the tasking's lead; a force's comms head
COMMS_POST = "head-of-corporate-communications"
