"""A convention's meetings as an iCalendar file (RFC 5545), for the partners' calendars: one VEVENT per meeting,
its UID stable (the same meeting stays one event when the file is imported again), its status (a cancelled meeting
says so), its place or video link and its agenda. The icalendar package escapes the text and folds long lines."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from tandem.meetings.enums import MeetingStatus
from tandem.meetings.models import Meeting

PRODID = "-//Tandem//Réunions de conventions//FR"
STATUS = {
    MeetingStatus.PLANNED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.APPROVED: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def meeting_uid(meeting: Meeting, domain: str) -> str:
    return f"meeting-{meeting.pk}@{domain}"


def meetings_ics(meetings: Iterable[Meeting], *, name: str, domain: str, url_of: dict[int, str]) -> bytes:
    """The calendar of these meetings (the convention's title as its name); `url_of` gives each meeting's page."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for meeting in meetings:
        event = Event()
        event.add("uid", meeting_uid(meeting, domain))
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("last-modified", meeting.updated_at)
        event.add("summary", f"{meeting.get_kind_display()} – {meeting.title}")
        location = meeting.place or meeting.video_url
        if location:
            event.add("location", location)
        lines = [f"- {item}" for item in meeting.agenda]
        description = "\n".join([str(meeting.convention.title), *([_("Ordre du jour :"), *lines] if lines else [])])
        if meeting.video_url:
            description += "\n" + _("Visioconférence : %(url)s") % {"url": meeting.video_url}
        event.add("description", description)
        if meeting.pk in url_of:
            event.add("url", url_of[meeting.pk])
        event.add("status", STATUS[MeetingStatus(meeting.status)])
        calendar.add_component(event)
    return calendar.to_ical()
