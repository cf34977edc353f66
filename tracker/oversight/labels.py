"""What people call each kind of event, on a timeline and in the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from events import (
    accounts,
    common,
    debrief,
    decision,
    forums,
    learning,
    posts,
    reminder,
    support_request,
    tasking,
)

# What people call each event on a timeline. Every event of an item needs one (a test
# checks), so a new kind of event cannot slip onto timelines unlabelled or be left off.
LABELS: dict[type, str] = {
    common.ItemAmended: "Amended",
    common.ReviewRecorded: "Reviewed",
    tasking.TaskingReceived: "Tasking received",
    tasking.TaskingRequirementsPlaced: "Requirements placed on a force",
    tasking.TaskingRequirementProgressed: "Progress on a force's requirement",
    tasking.TaskingPresented: "Presented to the RTTCG",
    tasking.TaskingAccepted: "Tasking accepted",
    tasking.TaskingDeclined: "Tasking declined",
    tasking.TaskingReferredBack: "Tasking referred back",
    tasking.RepresentationRecorded: "Representation to the NCA recorded",
    tasking.TaskingProgressReported: "Progress reported to the RTTCG",
    tasking.TaskingCompleted: "Tasking completed",
    tasking.TaskingReportedBack: "Result reported back to the NCA",
    support_request.SupportRequestReceived: "Support request received",
    support_request.SupportRequestAuthorised: "Emergency authorisation given",
    support_request.SupportRequestRatified: "Emergency authorisation ratified",
    support_request.SupportRequestNotRatified: "Emergency authorisation not ratified",
    support_request.SupportRequestAssessed: "Impact assessed",
    support_request.SupportRequestListed: "Listed for the weekly tasking meeting",
    support_request.SupportRequestReferredToRIG: "Referred to the RIG",
    support_request.SupportRequestReferredToRTTCG: "Referred to the RTTCG",
    support_request.SupportRequestDecided: "Support request decided",
    support_request.SupportRequestMonitoringReviewed: "Monitoring reviewed",
    support_request.SupportRequestClosed: "Support request closed",
    decision.DecisionRecorded: "Decision recorded",
    decision.DecisionPutUnderReview: "Decision put under review",
    decision.DecisionConfirmed: "Decision confirmed on review",
    decision.DecisionVaried: "Decision varied",
    decision.DecisionSuperseded: "Decision superseded",
    decision.DecisionRescinded: "Decision rescinded",
    decision.DecisionConcluded: "Decision concluded",
    debrief.DebriefCommissioned: "Debrief commissioned",
    debrief.DebriefOpened: "Debrief commissioned and held",
    debrief.DebriefScheduled: "Debrief scheduled",
    debrief.DebriefPostponed: "Debrief postponed",
    debrief.DebriefRescheduled: "Debrief rescheduled",
    debrief.DebriefHeld: "Debrief held",
    debrief.ObservationRecorded: "Observation recorded",
    debrief.ObservationAccepted: "Observation accepted as a learning point",
    debrief.ObservationRejected: "Observation rejected",
    debrief.DebriefReported: "Debrief reported",
    learning.LearningPointIdentified: "Learning point identified",
    learning.ActionRaised: "Learning action raised on the point",
    learning.ActionSettled: "Learning action settled",
    learning.LessonLearned: "Lesson learned",
    learning.LearningPointReopened: "Lesson recurred: reopened",
    learning.LearningActionRaised: "Learning action raised",
    learning.LearningActionProgressNoted: "Progress noted",
    learning.LearningActionImplemented: "Learning action implemented",
    learning.LearningActionValidated: "Learning action validated",
    learning.LearningActionNotAdopted: "Learning action not adopted",
    learning.LearningActionDueDateExtended: "Due date extended",
    learning.LearningActionReassigned: "Learning action reassigned",
    reminder.ReminderScheduled: "Reminder scheduled",
    reminder.ReminderSent: "Reminder sent",
    reminder.ReminderCancelled: "Reminder cancelled",
    reminder.ReminderFailed: "Reminder failed to send",
    accounts.UserRegistered: "User account registered",
    accounts.UserRolesChanged: "Roles changed",
    accounts.UserClearanceChanged: "Clearance changed",
    accounts.UserForumsChanged: "Forums changed",
    accounts.UserDetailsChanged: "Name or e-mail changed",
    accounts.UserPasswordSet: "Password set",
    accounts.UserDeactivated: "User account deactivated",
    accounts.UserReactivated: "User account reactivated",
    accounts.ApiTokenIssued: "API token issued",
    accounts.ApiTokenRevoked: "API token revoked",
    accounts.SignedIn: "Signed in",
    accounts.SignInRefused: "Sign-in refused",
    posts.PostEstablished: "Post established",
    posts.PostAssigned: "Post assigned",
    posts.PostHandedOver: "Post handed over",
    posts.PostVacated: "Post vacated",
    forums.ForumEstablished: "Forum established",
    forums.ForumSeriesClaimed: "Decision series claimed",
    forums.ForumRearranged: "Forum rearranged",
}

# Events whose entry says, after the label, what they changed: "Progress on a force's
# requirement: West Midlands, requirement 1 now met".
SAID: dict[type, Callable[[Any], str]] = {
    tasking.TaskingRequirementProgressed: lambda e: (
        f"{e.force}, requirement {e.requirement} now {e.status}"
    ),
}


def label_of(event: Any) -> str:
    """What the event's entry is called on a timeline and in the audit trail."""
    said = SAID.get(type(event))
    label = LABELS[type(event)]
    return f"{label}: {said(event)}" if said else label
