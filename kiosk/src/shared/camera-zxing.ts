// Camera scanning, loaded only when the operator presses the camera button (a separate chunk: zxing is
// several times the size of the rest of the kiosk). Uses the back camera where there is one.
import { BrowserMultiFormatReader } from '@zxing/browser';
import { BarcodeFormat, DecodeHintType } from '@zxing/library';

/** What our labels carry: Code 128 (and GS1-128) on folders, QR and DataMatrix on some, Code 39 on old ones. */
const FORMATS = [
  BarcodeFormat.CODE_128,
  BarcodeFormat.QR_CODE,
  BarcodeFormat.DATA_MATRIX,
  BarcodeFormat.CODE_39,
];

/** Starts decoding into `video`; calls `onCode` once with the first code read. Resolves with a stop function. */
export async function startCamera(
  video: HTMLVideoElement,
  onCode: (code: string) => void,
): Promise<() => void> {
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, FORMATS],
    [DecodeHintType.TRY_HARDER, false],
  ]);
  const reader = new BrowserMultiFormatReader(hints, { delayBetweenScanAttempts: 150 });
  let done = false;
  const controls = await reader.decodeFromConstraints(
    { video: { facingMode: 'environment' }, audio: false },
    video,
    (result, _error, ctl) => {
      if (!result || done) return;
      done = true;
      ctl.stop();
      onCode(result.getText());
    },
  );
  return () => {
    done = true;
    controls.stop();
  };
}
