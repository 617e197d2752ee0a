// Template registry: validated input in, layout out. The one entry point renderers' callers use.
import type { LabelLayout } from '../layout.js';
import { parseLabelSize, type LabelSize, type LabelSizePreset } from '../sizes.js';
import type { Code2D, LabelInput, TemplateName } from '../types.js';
import { validateLabelInput } from '../validate.js';
import { BADGE_DEFAULT_SIZE, badgeLayout } from './badge.js';
import { BOX_DEFAULT_SIZE, boxLayout } from './box.js';
import { FOLDER_DEFAULT_SIZE, folderLayout } from './folder.js';
import { LOCATION_DEFAULT_SIZE, locationLayout } from './location.js';
import { SPINE_DEFAULT_SIZE, spineLayout } from './spine.js';

export const DEFAULT_SIZES: Readonly<Record<TemplateName, LabelSize>> = {
  folder: FOLDER_DEFAULT_SIZE,
  spine: SPINE_DEFAULT_SIZE,
  box: BOX_DEFAULT_SIZE,
  shelf: LOCATION_DEFAULT_SIZE,
  cabinet: LOCATION_DEFAULT_SIZE,
  badge: BADGE_DEFAULT_SIZE,
};

export interface LayoutOptions {
  /** Preset (`'60x40'`), `'WxH'` in mm, or a size; defaults per template. */
  size?: LabelSizePreset | string | LabelSize;
  code2d?: Code2D;
}

/** Validates `input` (unknown templates → LABEL_TEMPLATE_UNKNOWN) and lays it out. */
export function layoutLabel(input: LabelInput | unknown, opts: LayoutOptions = {}): LabelLayout {
  const valid = validateLabelInput(input);
  const size = opts.size === undefined ? DEFAULT_SIZES[valid.template] : parseLabelSize(opts.size);
  const t = { size, code2d: opts.code2d };
  switch (valid.template) {
    case 'folder':
      return folderLayout(valid.data, t);
    case 'spine':
      return spineLayout(valid.data, t);
    case 'box':
      return boxLayout(valid.data, t);
    case 'shelf':
    case 'cabinet':
      return locationLayout(valid.data, t);
    case 'badge':
      return badgeLayout(valid.data, t);
  }
}
