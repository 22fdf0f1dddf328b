"""iCalendar invitations (RFC 5545, METHOD:REQUEST) for meetings of a clinician with counsel.

The invitation carries no case content: a title, the time, the place or link, the attendees.
"""

from __future__ import annotations

from icalendar import Calendar, Event, vCalAddress, vText

from safereply.providers.models import Meeting

SUMMARY = "Private meeting with counsel (SafeReply)"


def meeting_ics(meeting: Meeting, *, organizer_email: str, detail_url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//SafeReply//Provider support//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.created_at)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", SUMMARY)
    where = meeting.video_link or meeting.place
    if where:
        event.add("location", where)
    if meeting.video_link:
        event.add("url", meeting.video_link)
    event.add("description", f"Details in SafeReply (sign in to read them): {detail_url}")
    organizer = vCalAddress(f"mailto:{organizer_email}")
    organizer.params["cn"] = vText("SafeReply")
    event["organizer"] = organizer
    for person in meeting.attendees:
        if not person.get("email"):
            continue
        attendee = vCalAddress(f"mailto:{person['email']}")
        attendee.params["cn"] = vText(person.get("name") or person["email"])
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
