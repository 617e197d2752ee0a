// The one way the server reads an instant's wall-clock parts in a time zone (reports' months and days,
// notices' local times): Intl in en-CA order, 24-hour, two digits. One formatter per zone, because
// constructing Intl.DateTimeFormat costs far more than formatting with one.
const formatters = new Map<string, Intl.DateTimeFormat>();

export function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}
