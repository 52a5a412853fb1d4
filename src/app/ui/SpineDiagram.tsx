import { SPINE_LEVELS, type SpineLevel } from '../../clinical/spine-levels.js';

const LEVELS = SPINE_LEVELS.filter((l) => l !== 'O' && l !== 'Co') as SpineLevel[];
const REGION = (l: string) =>
  l.startsWith('C')
    ? 'cervical'
    : l.startsWith('T')
      ? 'thoracic'
      : l.startsWith('L')
        ? 'lumbar'
        : 'sacral';

// Sagittal picture: vertebral bodies grow from C1 to L5 and the column curves (cervical lordosis,
// thoracic kyphosis, lumbar lordosis); the sacrum is one wedge of five fused segments.
const H = 15;
const width = (i: number) =>
  i < 7 ? 22 + i : i < 19 ? 30 + (i - 7) * 0.8 : i < 24 ? 42 + (i - 19) * 1.5 : 40 - (i - 24) * 6;
const curve = (i: number) => 40 + 10 * Math.sin((i / 28) * Math.PI * 2.2 + 0.4);

/**
 * A sagittal spine C1–S5 as one keyboard control (a listbox): arrow keys move between levels, Enter
 * or
 * Space marks the level involved, a click does both. Involved levels are red; the text below says
 * the same.
 */
export function SpineDiagram({
  involved,
  selected,
  onToggle,
  onSelect,
}: {
  involved: ReadonlySet<SpineLevel>;
  selected?: SpineLevel;
  onToggle: (l: SpineLevel) => void;
  onSelect: (l: SpineLevel) => void;
}) {
  const current = selected ?? LEVELS[0]!;
  const pick = (l: SpineLevel) => {
    if (!involved.has(l)) onToggle(l);
    onSelect(l);
  };
  const onKey = (e: KeyboardEvent) => {
    const i = LEVELS.indexOf(current);
    const to =
      e.key === 'ArrowDown' || e.key === 'ArrowRight'
        ? i + 1
        : e.key === 'ArrowUp' || e.key === 'ArrowLeft'
          ? i - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? LEVELS.length - 1
              : undefined;
    if (to !== undefined) {
      e.preventDefault();
      onSelect(LEVELS[Math.max(0, Math.min(LEVELS.length - 1, to))]!);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      pick(current);
    }
  };
  const list = [...involved].sort((a, b) => LEVELS.indexOf(a) - LEVELS.indexOf(b));
  return (
    <div class="spine">
      <svg
        viewBox={`0 0 110 ${LEVELS.length * H + 10}`}
        role="listbox"
        tabindex={0}
        aria-label="Spine levels C1 to S5: arrow keys move, Enter marks the level involved"
        aria-activedescendant={`vert-${current}`}
        onKeyDown={onKey}
      >
        {LEVELS.map((l, i) => {
          const w = width(i);
          const x = curve(i);
          return (
            <g
              key={l}
              id={`vert-${l}`}
              role="option"
              aria-selected={l === current}
              aria-label={`${l}${involved.has(l) ? ', involved' : ''}`}
              class={
                `vert ${REGION(l)} ${involved.has(l) ? 'involved' : ''} ` +
                `${l === current ? 'selected' : ''}`
              }
              onClick={() => pick(l)}
            >
              <rect
                x={x}
                y={5 + i * H}
                width={w}
                height={H - 3}
                rx={REGION(l) === 'sacral' ? 1 : 3}
              />
              <text x={x - 4} y={5 + i * H + H - 5} text-anchor="end">
                {l}
              </text>
            </g>
          );
        })}
      </svg>
      <p class="hint">
        Involved: {list.length ? list.join(', ') : 'none recorded'}. Editing: {current}.
      </p>
    </div>
  );
}
