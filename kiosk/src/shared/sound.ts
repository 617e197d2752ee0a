// Audible results with WebAudio: two short high notes for success, a low buzz for a refusal. The context is
// made on the first sound (after the operator's first keystroke or touch, which lets browsers play audio).

export interface Sound {
  success(): void;
  refusal(): void;
}

type AudioCtor = new () => AudioContext;

export function createSound(
  win: { AudioContext?: AudioCtor; webkitAudioContext?: AudioCtor } = window as never,
): Sound {
  let ctx: AudioContext | null = null;
  const context = (): AudioContext | null => {
    const Ctor = win.AudioContext ?? win.webkitAudioContext;
    if (!Ctor) return null;
    try {
      ctx ??= new Ctor();
      if (ctx.state === 'suspended') void ctx.resume();
      return ctx;
    } catch {
      return null;
    }
  };
  const tone = (freq: number, startS: number, lengthS: number, type: OscillatorType, volume: number) => {
    const c = context();
    if (!c) return;
    const at = c.currentTime + startS;
    const osc = c.createOscillator();
    const gain = c.createGain();
    osc.type = type;
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(volume, at + 0.01);
    gain.gain.setValueAtTime(volume, at + lengthS - 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + lengthS);
    osc.connect(gain).connect(c.destination);
    osc.start(at);
    osc.stop(at + lengthS + 0.02);
  };
  return {
    success() {
      tone(1319, 0, 0.12, 'sine', 0.35);
      tone(1760, 0.13, 0.16, 'sine', 0.35);
    },
    refusal() {
      tone(160, 0, 0.5, 'square', 0.25);
    },
  };
}
