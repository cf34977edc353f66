"""What each command on a support request does: ``HANDLERS``, for ``tracker.service.dispatch``.

Its ratification and decisions are not commands of its own: a forum's decision about it,
recorded in ``tracker.decisions``, is what moves it.
"""

from __future__ import annotations

from tracker.kernel.commands import Handlers, Recorded, Records, fields_of, steps
from tracker.support.commands import (
    AssessSupportRequest,
    AuthoriseSupportRequest,
    CloseSupportRequest,
    ListSupportRequest,
    ReceiveSupportRequest,
    ReferSupportRequestToRIG,
    ReferSupportRequestToRTTCG,
    ReviewSupportRequestMonitoring,
)
from tracker.support.request import SupportRequest


def receive_support_request(app: Records, cmd: ReceiveSupportRequest) -> Recorded:
    counter, reference = app.new_reference("SR")
    return app.record(SupportRequest.receive(reference, **fields_of(cmd)), counter)


HANDLERS: Handlers = {
    ReceiveSupportRequest: receive_support_request,
    **steps(
        SupportRequest,
        {
            AuthoriseSupportRequest: SupportRequest.authorise,
            AssessSupportRequest: SupportRequest.assess,
            ListSupportRequest: SupportRequest.list_for_meeting,
            ReferSupportRequestToRIG: SupportRequest.refer_to_rig,
            ReferSupportRequestToRTTCG: SupportRequest.refer_to_rttcg,
            ReviewSupportRequestMonitoring: SupportRequest.review_monitoring,
            CloseSupportRequest: SupportRequest.close,
        },
    ),
}
