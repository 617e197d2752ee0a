// 档号 (archive numbers). Seed 003 §5.10.1: a customer file is numbered by its property (苑名、栋号、单元号、
// 房间号), in whatever form the company chooses, but consistently; DA/T 13: once assigned it never changes.
// A rule is a template such as `{estate}-{building}-{unit}-{room}`; this module parses it, renders numbers
// and refuses any change to an assigned number. Numbers use A–Z, 0–9 and '-' only, so they print on every
// label and scan back unambiguously.
import { DanganError } from './errors.js';
import { PROPERTY_DOSSIER_KINDS, type DossierKind } from './vocabulary.js';

export const RULE_TOKENS = ['site', 'estate', 'building', 'unit', 'room', 'kind', 'year', 'seq'] as const;
export type RuleToken = (typeof RULE_TOKENS)[number];

/** `property`: one number per (property, kind); `other`: engineering, internal, litigation, complaint files. */
export type RuleScope = 'property' | 'other';

export type TokenSegment = { readonly type: 'token'; readonly token: RuleToken; readonly width?: number };
export type RuleSegment = { readonly type: 'text'; readonly text: string } | TokenSegment;

export interface ArchiveNoRule {
  readonly source: string;
  readonly scope: RuleScope;
  readonly segments: readonly RuleSegment[];
}

export type KindCodes = Readonly<Record<DossierKind, string>>;

export interface ArchiveNoRuleSet {
  readonly property: ArchiveNoRule;
  readonly other: ArchiveNoRule;
  readonly kindCodes: KindCodes;
}

/** The place codes a rule may name; each is trimmed, uppercased and must be A–Z/0–9 only. */
export type PlaceToken = 'site' | 'estate' | 'building' | 'unit' | 'room';
export type ArchiveNoParts = { kind: DossierKind; year?: number; seq?: number } & Partial<
  Record<PlaceToken, string>
>;

/** dossiers.archive_no is varchar(64). */
export const ARCHIVE_NO_MAX_LENGTH = 64;
export const DEFAULT_PROPERTY_RULE = '{estate}-{building}-{unit}-{room}';
export const DEFAULT_OTHER_RULE = '{kind}-{year}-{seq:4}';

/** Buyer files carry no suffix: a property has exactly one buyer file (一户一档), individual or company. */
export const DEFAULT_KIND_CODES: KindCodes = {
  individual_buyer: '',
  company_buyer: '',
  tenant: 'ZL',
  shop_lease: 'SP',
  engineering: 'GC',
  internal: 'NB',
  litigation: 'SS',
  major_complaint: 'TS',
};

const PROPERTY_TOKENS: readonly RuleToken[] = ['estate', 'building', 'unit', 'room'];
// Tokens of varying width must be kept apart by a '-', or `{building}{unit}` would give 1-12 and 11-2 the
// same number. {year} and {seq:N} always render at a fixed width, so they may touch another token.
const FIXED_WIDTH: ReadonlySet<RuleToken> = new Set<RuleToken>(['year', 'seq']);
const PART = /^[A-Z0-9]+$/;
const KIND_CODE = /^[A-Z0-9]*$/;
const TEXT = /^[A-Z0-9-]*$/;

// Why a rule was refused, in both languages; `x` is the offending token or text.
const RULE_PROBLEMS = {
  empty: () => ['规则为空', 'the rule is empty'],
  unbalanced_braces: () => ['花括号不配对', 'unbalanced braces'],
  unknown_token: (x: string) => [`未知的占位符 {${x}}`, `unknown token {${x}}`],
  bad_seq_width: (x: string) => [`流水号须写明 1–9 位，如 {seq:4}：{${x}}`, `{${x}}: write {seq:N}, N 1–9`],
  bad_character: (x: string) => [`只允许字母、数字和“-”：${x}`, `only A–Z, 0–9 and '-' allowed: ${x}`],
  no_tokens: () => ['没有任何占位符', 'it has no tokens'],
  duplicate_token: (x: string) => [`占位符重复 {${x}}`, `{${x}} appears twice`],
  bad_separator: () => ['“-”不能在首尾或连用', `'-' may not lead, trail or repeat`],
  unseparated_tokens: (x: string) => [`${x} 之间须用“-”分隔`, `put '-' between ${x}`],
  missing_token: (x: string) => [`须包含 {${x}}`, `the rule needs {${x}}`],
  seq_in_property_rule: () => ['房产档号随房产而定，不用流水号', 'a property rule has no {seq}'],
  property_token: (x: string) => [`非房产档案不能用 {${x}}`, `{${x}} needs a property`],
  bad_kind_code: (x: string) => [`类别代码只允许字母、数字：${x}`, `kind code ${x}: A–Z, 0–9 only`],
  duplicate_kind_code: (x: string) => [`类别代码重复：${x}`, `kinds share a code: ${x}`],
} satisfies Record<string, (x: string) => readonly [zh: string, en: string]>;
export type RuleProblem = keyof typeof RULE_PROBLEMS;

function ruleError(rule: string, reason: RuleProblem, x = ''): DanganError {
  const [zh, en] = RULE_PROBLEMS[reason](x);
  return new DanganError(
    'ARCHIVE_NO_RULE_INVALID',
    { rule, reason, subject: x || undefined },
    { zh: `档号规则不正确：${zh}`, en: `The archive number rule is not valid: ${en}` },
  );
}

function partError(part: string, reason: string, value?: unknown): DanganError {
  const shown = value === undefined ? '' : `：${String(value)}`;
  return new DanganError(
    'ARCHIVE_NO_PART_INVALID',
    { part, reason, value },
    {
      zh: `档号的组成部分 ${part} 不正确${shown}`,
      en: `The archive number's ${part} is not valid (${reason})${shown.replace('：', ': ')}`,
    },
  );
}

export function isPropertyKind(kind: DossierKind): boolean {
  return (PROPERTY_DOSSIER_KINDS as readonly string[]).includes(kind);
}

function lex(source: string): RuleSegment[] {
  // Odd pieces are `{...}` bodies; a brace left in an even piece has no partner.
  return source.split(/\{([^{}]*)\}/).flatMap((piece, i): RuleSegment[] => {
    if (i % 2 === 0) {
      if (/[{}]/.test(piece)) throw ruleError(source, 'unbalanced_braces');
      return piece ? [{ type: 'text', text: piece.toUpperCase() }] : [];
    }
    const seq = /^seq(?::(\d+))?$/.exec(piece);
    if (seq) {
      const width = Number(seq[1] ?? 0);
      if (width < 1 || width > 9) throw ruleError(source, 'bad_seq_width', piece);
      return [{ type: 'token', token: 'seq', width }];
    }
    if (!(RULE_TOKENS as readonly string[]).includes(piece)) throw ruleError(source, 'unknown_token', piece);
    return [{ type: 'token', token: piece as RuleToken }];
  });
}

/** Parses and checks a rule; a property rule without {kind} gets `-{kind}` appended (empty for buyers). */
export function parseRule(text: string, scope: RuleScope = 'property'): ArchiveNoRule {
  const source = text.normalize('NFKC').trim();
  if (!source) throw ruleError(text, 'empty');
  const segments = lex(source);
  const tokens = segments.flatMap((s) => (s.type === 'token' ? [s.token] : []));
  const badText = segments.find((s) => s.type === 'text' && !TEXT.test(s.text));
  if (badText?.type === 'text') throw ruleError(source, 'bad_character', badText.text);
  if (tokens.length === 0) throw ruleError(source, 'no_tokens');
  const duplicate = tokens.find((t, i) => tokens.indexOf(t) !== i);
  if (duplicate) throw ruleError(source, 'duplicate_token', duplicate);
  const flat = segments.map((s) => (s.type === 'text' ? s.text : '#')).join('');
  if (flat.startsWith('-') || flat.endsWith('-') || flat.includes('--'))
    throw ruleError(source, 'bad_separator');
  checkSeparated(source, segments);
  if (scope === 'property') {
    const lacking = PROPERTY_TOKENS.find((t) => !tokens.includes(t));
    if (lacking) throw ruleError(source, 'missing_token', lacking);
    if (tokens.includes('seq')) throw ruleError(source, 'seq_in_property_rule');
    if (!tokens.includes('kind'))
      segments.push({ type: 'text', text: '-' }, { type: 'token', token: 'kind' });
  } else {
    const misplaced = PROPERTY_TOKENS.find((t) => tokens.includes(t));
    if (misplaced) throw ruleError(source, 'property_token', misplaced);
    if (!tokens.includes('seq')) throw ruleError(source, 'missing_token', 'seq:N');
  }
  return { source, scope, segments };
}

function checkSeparated(source: string, segments: readonly RuleSegment[]): void {
  let previous: RuleToken | null = null;
  let dashSince = true;
  for (const s of segments) {
    if (s.type === 'text') {
      dashSince ||= s.text.includes('-');
      continue;
    }
    if (previous && !dashSince && !FIXED_WIDTH.has(previous) && !FIXED_WIDTH.has(s.token)) {
      throw ruleError(source, 'unseparated_tokens', `{${previous}} {${s.token}}`);
    }
    previous = s.token;
    dashSince = false;
  }
}

/** Kind codes must tell kinds apart; only the two buyer kinds may share one (a property has one buyer). */
export function checkKindCodes(codes: Partial<Record<DossierKind, string>>): KindCodes {
  const merged: Record<string, string> = { ...DEFAULT_KIND_CODES };
  for (const [kind, code] of Object.entries(codes)) merged[kind] = normalizePart(code ?? '');
  const seen = new Map<string, string>();
  for (const [kind, code] of Object.entries(merged)) {
    if (!KIND_CODE.test(code)) throw ruleError(JSON.stringify(codes), 'bad_kind_code', code);
    const other = seen.get(code);
    if (other !== undefined && !(other.endsWith('_buyer') && kind.endsWith('_buyer'))) {
      throw ruleError(JSON.stringify(codes), 'duplicate_kind_code', `${other}, ${kind} → '${code}'`);
    }
    seen.set(code, kind);
  }
  return merged as KindCodes;
}

export function makeRuleSet(
  options: { property?: string; other?: string; kindCodes?: Partial<Record<DossierKind, string>> } = {},
): ArchiveNoRuleSet {
  return {
    property: parseRule(options.property ?? DEFAULT_PROPERTY_RULE, 'property'),
    other: parseRule(options.other ?? DEFAULT_OTHER_RULE, 'other'),
    kindCodes: checkKindCodes(options.kindCodes ?? {}),
  };
}

export const DEFAULT_RULE_SET: ArchiveNoRuleSet = makeRuleSet();

function normalizePart(value: string): string {
  return value.normalize('NFKC').trim().toUpperCase();
}

function renderToken(s: TokenSegment, parts: ArchiveNoParts, codes: KindCodes, seqKey: boolean): string {
  switch (s.token) {
    case 'kind':
      return codes[parts.kind];
    case 'year': {
      const year = parts.year;
      if (year === undefined || !Number.isInteger(year) || year < 1000 || year > 9999) {
        throw partError('year', 'four digits', year);
      }
      return String(year);
    }
    case 'seq': {
      if (seqKey) return '#';
      const { seq } = parts;
      const width = s.width ?? 1;
      if (seq === undefined || !Number.isInteger(seq) || seq < 1)
        throw partError('seq', 'positive integer', seq);
      if (String(seq).length > width) throw new DanganError('ARCHIVE_NO_SEQUENCE_FULL', { seq, width });
      return String(seq).padStart(width, '0');
    }
    default: {
      const raw = parts[s.token];
      const value = normalizePart(raw ?? '');
      if (!value) throw partError(s.token, 'missing');
      if (!PART.test(value)) throw partError(s.token, 'A–Z 0–9', raw);
      return value;
    }
  }
}

function render(rule: ArchiveNoRule, parts: ArchiveNoParts, codes: KindCodes, seqKey: boolean): string {
  if ((rule.scope === 'property') !== isPropertyKind(parts.kind)) {
    throw partError('kind', `${rule.scope} rule`, parts.kind);
  }
  const out: string[] = [];
  let dropLeadingDash = false;
  for (const s of rule.segments) {
    const dropDash = dropLeadingDash;
    dropLeadingDash = false;
    if (s.type === 'text') {
      out.push(dropDash && s.text.startsWith('-') ? s.text.slice(1) : s.text);
      continue;
    }
    const value = renderToken(s, parts, codes, seqKey);
    // An empty kind code (buyer files) takes one neighbouring '-' with it: HY-3-2-1502, not HY-3-2-1502-.
    if (value === '') {
      const last = out.length - 1;
      if (out[last]?.endsWith('-')) out[last] = (out[last] as string).slice(0, -1);
      else dropLeadingDash = true;
    }
    out.push(value);
  }
  const number = out.join('');
  if (number.length > ARCHIVE_NO_MAX_LENGTH) throw partError('archive_no', 'too long', number);
  return number;
}

/** Renders one number; parts are trimmed and uppercased, and full-width letters or digits are folded. */
export function formatArchiveNo(
  rule: ArchiveNoRule,
  parts: ArchiveNoParts,
  codes: KindCodes = DEFAULT_KIND_CODES,
): string {
  return render(rule, parts, codes, false);
}

/** Picks the property or the sequence rule by dossier kind. */
export function archiveNoFor(set: ArchiveNoRuleSet, parts: ArchiveNoParts): string {
  return formatArchiveNo(isPropertyKind(parts.kind) ? set.property : set.other, parts, set.kindCodes);
}

/**
 * The number with `{seq}` left as `#`: the store counts sequences per scope (e.g. `GC-2026-#`), so under
 * the default rule each kind restarts at 1 every year.
 */
export function sequenceScope(set: ArchiveNoRuleSet, parts: Omit<ArchiveNoParts, 'seq'>): string {
  return render(isPropertyKind(parts.kind) ? set.property : set.other, parts, set.kindCodes, true);
}

/** Whether a string has the shape of an archive number (checked before accepting an imported one). */
export function isValidArchiveNo(value: string): boolean {
  return (
    value.length > 0 && value.length <= ARCHIVE_NO_MAX_LENGTH && TEXT.test(value) && !/^-|-$|--/.test(value)
  );
}

/** DA/T 13 (档号一经确定不应随意改变): a number may be assigned once, then only "changed" to itself. */
export function isArchiveNoChangeAllowed(current: string | null | undefined, proposed: string): boolean {
  if (!isValidArchiveNo(proposed)) return false;
  return current === null || current === undefined || current === '' || current === proposed;
}

export function assertArchiveNoChangeAllowed(current: string | null | undefined, proposed: string): void {
  if (!isValidArchiveNo(proposed)) throw partError('archive_no', 'format', proposed);
  if (!isArchiveNoChangeAllowed(current, proposed)) {
    throw new DanganError('ARCHIVE_NO_IMMUTABLE', { current, proposed });
  }
}
