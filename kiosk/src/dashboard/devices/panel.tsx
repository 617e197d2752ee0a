// The board's device panel: 设备状态 (every scanner, reader, gate and printer with a green, amber or red dot,
// the ones needing a look first) and 档案柜 (each cabinet drawn as a column of shelf bars, fill against
// capacity, a mark where its reader sees something wrong). Two tabs on a desk screen; on a wall screen (1080 lines and up)
// both show at once (dashboard.css), so nothing needs a mouse there.
import type { Lang } from '../../shared/i18n';
import type { DashboardController } from '../controller';
import { ago } from '../screens/age';
import type { CabinetMap } from '../../shared/api/types';
import type { Device, DevicesState, DevicesTab } from './state';
import { t } from './words';

type Cabinet = CabinetMap['rooms'][number]['cabinets'][number];
type Shelf = Cabinet['shelves'][number];

export function DevicesPanel({ c }: { c: DashboardController }) {
  const lang = c.lang.lang.value;
  const s = c.devices;
  const tab = s.tab.value;
  const troubled = s.troubled;
  const wrong = s.wrongShelves;
  const tabButton = (id: DevicesTab, label: string, badge: number) => (
    <button
      type="button"
      role="tab"
      id={`devices-tab-${id}`}
      aria-selected={tab === id}
      aria-controls={`devices-body-${id}`}
      class={`devices-tab${tab === id ? ' on' : ''}`}
      onClick={() => (s.tab.value = id)}
    >
      {label}
      {badge > 0 && <span class="panel-count hot">{badge}</span>}
    </button>
  );
  return (
    <section class="panel devices-panel" aria-label={t(lang, 'panel')}>
      <h2>
        <span role="tablist" class="devices-tabs">
          {tabButton('devices', t(lang, 'devices'), troubled)}
          {tabButton('cabinets', t(lang, 'cabinets'), wrong)}
        </span>
      </h2>
      <div
        id="devices-body-devices"
        role="tabpanel"
        aria-labelledby="devices-tab-devices"
        class={`devices-body devices-list-body${tab === 'devices' ? ' on' : ''}`}
      >
        <DeviceList lang={lang} s={s} now={c.now.value} />
      </div>
      <div
        id="devices-body-cabinets"
        role="tabpanel"
        aria-labelledby="devices-tab-cabinets"
        class={`devices-body cabinets-body${tab === 'cabinets' ? ' on' : ''}`}
      >
        <CabinetMapView lang={lang} map={s.map.value} />
      </div>
    </section>
  );
}

function placeOf(lang: Lang, s: DevicesState, d: Device): string | null {
  if (!d.place) return null;
  if (d.place.type === 'cabinet') return s.cabinetName(d.place.id) ?? d.place.name ?? d.place.id;
  return d.place.name ?? t(lang, 'station', { id: d.place.id });
}

export function DeviceList({ lang, s, now }: { lang: Lang; s: DevicesState; now: number }) {
  const devices = s.devices.value;
  if (devices === null) return <p class="empty">{t(lang, 'loading')}</p>;
  if (devices.length === 0) return <p class="empty">{t(lang, 'noDevices')}</p>;
  return (
    <ol class="rows device-rows" aria-live="polite">
      {devices.map((d) => {
        const { framingErrors, reconnects, timeouts } = d.counters;
        const counters = [
          framingErrors > 0 && t(lang, 'framingErrors', { n: framingErrors }),
          reconnects > 0 && t(lang, 'reconnects', { n: reconnects }),
          timeouts > 0 && t(lang, 'timeouts', { n: timeouts }),
        ].filter(Boolean);
        return (
          <li class={`row device-row device-${d.condition}`} key={d.id} data-device={d.id}>
            <span class={`dot dot-${d.condition}`} aria-hidden="true" />
            <span class="row-main">
              <span class="row-title">
                {d.name}
                <span class="device-kind">{t(lang, d.kind)}</span>
              </span>
              <span class="row-sub">
                {[placeOf(lang, s, d), d.condition === 'ok' ? null : d.reason].filter(Boolean).join(' · ')}
              </span>
            </span>
            <span class="row-side">
              <span class={`device-state state-${d.condition}`}>{t(lang, d.condition)}</span>
              <span class="row-sub">
                {d.lastSeen ? ago(lang, d.lastSeen, now) : t(lang, 'neverSeen')}
                {counters.length > 0 && ` · ${counters.join(' · ')}`}
              </span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

function CabinetMapView({ lang, map }: { lang: Lang; map: CabinetMap | null }) {
  if (map === null) return <p class="empty">{t(lang, 'loading')}</p>;
  const cabinets = map.rooms.flatMap((r) => r.cabinets);
  if (cabinets.length === 0) return <p class="empty">{t(lang, 'noCabinets')}</p>;
  return (
    <div class="cabinet-map">
      <ul class="cabinet-grid">
        {cabinets.map((cab) => (
          <CabinetColumn key={cab.code} lang={lang} cab={cab} />
        ))}
      </ul>
      <p class="map-legend">
        <span class="key key-in" />
        {t(lang, 'legendIn')}
        <span class="key key-out" />
        {t(lang, 'legendOut')}
        <span class="key key-away" />
        {t(lang, 'legendAway')}
        <span class="wrong-mark">!</span>
        {t(lang, 'legendWrong')}
        <span class="map-note">{t(lang, 'hiddenNote')}</span>
      </p>
    </div>
  );
}

const wrongOn = (shelf: Shelf) => !!shelf.reader && (shelf.reader.foreign > 0 || shelf.reader.unknown > 0);

function CabinetColumn({ lang, cab }: { lang: Lang; cab: Cabinet }) {
  const readerOk = cab.reader === null || cab.reader.state === 'connected';
  return (
    <li class="cabinet" data-cabinet={cab.code} aria-label={cab.name}>
      <div class="cabinet-head">
        <span
          class={`dot dot-${cab.reader === null ? 'none' : readerOk ? 'ok' : cab.reader.state === 'unhealthy' ? 'degraded' : 'down'}`}
          title={cab.reader ? t(lang, 'readerDown', { state: cab.reader.state }) : t(lang, 'noReader')}
        />
        <span class="cabinet-name">{cab.name}</span>
      </div>
      <ol class="shelves">
        {cab.shelves.map((shelf) => (
          <ShelfBar key={shelf.code} lang={lang} shelf={shelf} />
        ))}
      </ol>
    </li>
  );
}

function ShelfBar({ lang, shelf }: { lang: Lang; shelf: Shelf }) {
  const cap = shelf.capacity ?? Math.max(shelf.home, 1);
  const pct = (n: number) => `${Math.min(100, (n / cap) * 100)}%`;
  const wrong = wrongOn(shelf);
  const title = [
    t(lang, 'shelfTitle', {
      name: shelf.name,
      inPlace: shelf.inPlace,
      out: shelf.out,
      away: shelf.away,
      cap: shelf.capacity ?? '–',
    }),
    shelf.reader && t(lang, 'readerSees', { seen: shelf.reader.seen }),
    shelf.reader?.foreign ? t(lang, 'foreign', { n: shelf.reader.foreign }) : null,
    shelf.reader?.unknown ? t(lang, 'unknown', { n: shelf.reader.unknown }) : null,
  ]
    .filter(Boolean)
    .join(lang === 'en' ? '; ' : '；');
  return (
    <li
      class={`shelf${wrong ? ' wrong' : ''}`}
      title={title}
      data-shelf={shelf.code}
      data-in-place={shelf.inPlace}
      data-seen={shelf.reader?.seen ?? ''}
    >
      <span class="shelf-name">{shelf.name}</span>
      <span class="shelf-bar">
        <span class="fill fill-in" style={{ width: pct(shelf.inPlace) }} />
        <span class="fill fill-out" style={{ width: pct(shelf.out) }} />
        <span class="fill fill-away" style={{ width: pct(shelf.away) }} />
      </span>
      <span class="shelf-figure">
        {shelf.capacity === null
          ? t(lang, 'fillNoCap', { n: shelf.inPlace })
          : t(lang, 'fill', { n: shelf.inPlace, cap: shelf.capacity })}
      </span>
      {wrong && (
        <span class="wrong-mark" aria-label={title}>
          !
        </span>
      )}
    </li>
  );
}
