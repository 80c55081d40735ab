/**
 * Labels that read as mathematics: TeX-ish text such as `Φ_ℓ^{ref}`, `H^{-1}`, `α_A` or `\gamma_0` becomes Plotly's
 * pseudo-HTML (Φ<sub>ℓ</sub><sup>ref</sup>, H<sup>−1</sup>, α<sub>A</sub>, γ<sub>0</sub>). Every figure passes
 * through `readableFigure` when it is rendered or saved, so no raw `_{…}`/`^{…}` reaches an image.
 */
import type { Figure, Trace } from './axes';

const commands: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ',
  kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', phi: 'φ', chi: 'χ',
  psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  ell: 'ℓ', infty: '∞', cdot: '·', times: '×', sqrt: '√', le: '≤', leq: '≤', ge: '≥', geq: '≥', to: '→', approx: '≈',
  propto: '∝', pm: '±', partial: '∂', nabla: '∇', sum: 'Σ', langle: '⟨', rangle: '⟩', prime: '′',
};

/** Index just past the brace group opening at `open` (text[open] === '{'), or -1 when it never closes. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

const letter = /[A-Za-z]/;
/** A one-token script without braces: a signed number, or one letter (Latin, Greek, ℓ) with primes. */
const bareScript = /^(?:[+\-−]?\d+(?:\.\d+)?|[A-Za-z0-9α-ωΑ-Ωℓ][′']*)(?![A-Za-z0-9])/;

function wrap(kind: '_' | '^', content: string): string {
  const inner = kind === '^' ? content.replace(/-/g, '−') : content;
  return kind === '_' ? `<sub>${inner}</sub>` : `<sup>${inner}</sup>`;
}

/** TeX-ish label → Unicode and Plotly's <sub>/<sup>; text with no scripts or commands is returned unchanged. */
export function mathText(text: string): string {
  const withSymbols = text.replace(/\\([A-Za-z]+)/g, (whole, name: string) => commands[name] ?? whole);
  let out = '';
  for (let i = 0; i < withSymbols.length; i++) {
    const c = withSymbols[i];
    if ((c === '_' || c === '^') && i > 0) {
      const next = withSymbols[i + 1];
      if (next === '{') {
        const end = closingBrace(withSymbols, i + 1);
        if (end > 0) {
          out += wrap(c, mathText(withSymbols.slice(i + 2, end - 1)));
          i = end - 1;
          continue;
        }
      }
      // A bare script needs a one-character base: `α_A`, `b_L`, `x^2`, never `learning_rate` or `p1_scaled`.
      const base = withSymbols[i - 1];
      const beforeBase = withSymbols[i - 2] ?? ' ';
      const baseOk = !/\s|\d/.test(base) && !(letter.test(base) && letter.test(beforeBase));
      const match = bareScript.exec(withSymbols.slice(i + 1));
      if (baseOk && match) {
        out += wrap(c, match[0]);
        i += match[0].length;
        continue;
      }
    }
    out += c;
  }
  return out;
}

function readableTitle(title: unknown): unknown {
  if (typeof title === 'string') return mathText(title);
  if (title && typeof title === 'object' && typeof (title as { text?: unknown }).text === 'string') {
    return { ...title, text: mathText((title as { text: string }).text) };
  }
  return title;
}

function readableAxisLike(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const v = { ...(value as Record<string, unknown>) };
  if ('title' in v) v.title = readableTitle(v.title);
  if (Array.isArray(v.ticktext)) v.ticktext = v.ticktext.map((t) => (typeof t === 'string' ? mathText(t) : t));
  if (v.colorbar) v.colorbar = readableAxisLike(v.colorbar);
  return v;
}

/** A copy of the figure with every title, axis title, annotation, legend name and colour-bar title made readable. */
export function readableFigure(figure: Figure): Figure {
  const layout: Record<string, unknown> = { ...figure.layout };
  for (const key of Object.keys(layout)) {
    if (key === 'title') layout.title = readableTitle(layout.title);
    else if (/^(xaxis|yaxis|coloraxis|legend)\d*$/.test(key)) layout[key] = readableAxisLike(layout[key]);
  }
  if (Array.isArray(layout.annotations)) {
    layout.annotations = layout.annotations.map((a) => (a && typeof a === 'object' && typeof a.text === 'string' ? { ...a, text: mathText(a.text) } : a));
  }
  const data = figure.data.map((trace): Trace => {
    const t: Trace = { ...trace };
    if (typeof t.name === 'string') t.name = mathText(t.name);
    if (t.colorbar) t.colorbar = readableAxisLike(t.colorbar);
    return t;
  });
  return { data, layout };
}
