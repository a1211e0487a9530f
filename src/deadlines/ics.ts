import { describeDuration } from "./time.js";
import type { RightDeadline } from "./rights.js";
import type { DeadlineSchedule } from "./schedule.js";

/**
 * Writes a deadline schedule as an RFC 5545 calendar: one VEVENT per deadline at its last
 * compliant instant (`dueWithTolerance`; no DTEND, so the event is that instant, RFC 5545
 * §3.6.1), CRLF line endings, lines folded at 75 octets
 * (never inside a UTF-8 character). UIDs and DTSTAMP derive from the input (policy, event,
 * instant, rule, store), so the same schedule always gives the same bytes and a calendar
 * re-import updates events instead of duplicating them.
 *
 * @example
 * toICalendar(schedule).split("\r\n").slice(0, 3)
 * //=> ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//pledge//deadlines//EN"]
 */
export function toICalendar(schedule: DeadlineSchedule): string {
  const stamp = basic(schedule.at);
  const started = `${schedule.event} (${schedule.at})`;
  return calendar(
    schedule.deadlines.map((d) => {
      const delay = d.maxDelay === "PT0S" ? "immediately" : `within ${describeDuration(d.maxDelay)}`;
      const when = d.via
        ? `${delay} of ${d.via.event}, counted from the latest permitted primary deletion ${d.via.latestAt} (${d.via.ruleIds.join(", ")}) after ${started}`
        : `${delay} ${d.maxDelay === "PT0S" ? "on" : "of"} ${started}`;
      return {
        uid: `${schedule.policy}.${schedule.event}.${stamp}.${d.ruleId}.${d.store}@pledge`,
        stamp,
        start: d.dueWithTolerance,
        summary: `${schedule.policy}: ${d.action} ${d.data.join(", ")} from ${d.store} (${d.ruleId})`,
        description: [
          `${d.action} ${d.data.join(", ")} from ${d.store} ${when}.`,
          d.tolerance ? `Due ${d.due}; tolerance ${describeDuration(d.tolerance)} (${d.tolerance}).` : undefined,
          `${schedule.policy} rule ${d.ruleId}, section ${d.citation.section}: "${d.citation.quote}"`,
          d.exceptions.length > 0 ? `Exceptions: ${d.exceptions.map((e) => e.ground).join(", ")}.` : undefined,
          d.interpretation ? `Interpretation: ${d.interpretation}` : undefined,
        ],
      };
    }),
  );
}

/**
 * Writes the answer deadline of a data-subject request as an RFC 5545 calendar with one VEVENT
 * (same conventions as {@link toICalendar}); a right with no promised deadline gives a
 * calendar with no event.
 *
 * @example
 * const due = rightsDeadline(pomeg, "erasure", "2026-11-23T10:00:00Z");
 * due.ok && rightToICalendar("pomeg", due).includes("DTSTART:20261223T100000Z") //=> true
 */
export function rightToICalendar(policyId: string, deadline: Extract<RightDeadline, { ok: true }>): string {
  if (!deadline.promised) return calendar([]);
  const stamp = basic(deadline.receivedAt);
  return calendar([
    {
      uid: `${policyId}.right.${deadline.right}.${stamp}.${deadline.ruleId}@pledge`,
      stamp,
      start: deadline.due,
      summary: `${policyId}: answer the ${deadline.right} request received ${deadline.receivedAt} (${deadline.ruleId})`,
      description: [
        `Answer the ${deadline.right} request received ${deadline.receivedAt} within ${describeDuration(deadline.responseDeadline)} (${deadline.responseDeadline}).`,
        deadline.channels.length > 0 ? `Channels the policy names: ${deadline.channels.join(", ")}.` : undefined,
        `${policyId} rule ${deadline.ruleId}, section ${deadline.citation.section}: "${deadline.citation.quote}"`,
      ],
    },
  ]);
}

interface CalendarEvent {
  readonly uid: string;
  readonly stamp: string;
  /** A UTC instant (RFC 3339). */
  readonly start: string;
  readonly summary: string;
  readonly description: readonly (string | undefined)[];
}

function calendar(events: readonly CalendarEvent[]): string {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//pledge//deadlines//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
  for (const event of events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${event.uid}`,
      `DTSTAMP:${event.stamp}`,
      `DTSTART:${basic(event.start)}`,
      `SUMMARY:${text(event.summary)}`,
      `DESCRIPTION:${text(event.description.filter((x): x is string => x !== undefined).join("\n"))}`,
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(fold).join("\r\n")}\r\n`;
}

/** `2026-11-23T10:00:00Z` → `20261123T100000Z` (RFC 5545 UTC date-time; fractions dropped). */
function basic(instant: string): string {
  return `${instant.slice(0, 19).replace(/[-:]/g, "")}Z`;
}

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
function text(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

const encoder = new TextEncoder();

/**
 * Folds a content line into lines of at most 75 octets (continuations start with a space,
 * which counts), splitting only between characters.
 */
function fold(line: string): string {
  const parts: string[] = [];
  let current = "";
  let size = 0;
  let limit = 75;
  for (const char of line) {
    const octets = encoder.encode(char).length;
    if (size + octets > limit) {
      parts.push(current);
      current = " ";
      size = 1;
      limit = 75;
    }
    current += char;
    size += octets;
  }
  parts.push(current);
  return parts.join("\r\n");
}
