import { SPINE_LEVELS, type SpineLevel } from '../../clinical/spine-levels.js';

const LEVELS = SPINE_LEVELS.filter((l) => l !== 'O' && l !== 'Co') as SpineLevel[];
const REGION = (l: string) => (l.startsWith('C') ? 'cervical' : l.startsWith('T') ? 'thoracic' : l.startsWith('L') ? 'lumbar' : 'sacral');

/**
 * Clickable spine C1–S5: each vertebra is a toggle button (keyboard and screen-reader usable).
 * Involved levels are marked; the selected level's items are edited beside it.
 */
export function SpineDiagram({ involved, selected, onToggle, onSelect }: { involved: ReadonlySet<SpineLevel>; selected?: SpineLevel; onToggle: (l: SpineLevel) => void; onSelect: (l: SpineLevel) => void }) {
  return (
    <div class="spine" role="group" aria-label="Spine levels C1 to S5: press a level to mark it involved and edit it">
      {LEVELS.map((l) => (
        <button
          key={l}
          type="button"
          class={`vert ${REGION(l)} ${involved.has(l) ? 'involved' : ''} ${selected === l ? 'selected' : ''}`}
          aria-pressed={involved.has(l)}
          aria-label={`${l}${involved.has(l) ? ', involved' : ''}${selected === l ? ', editing' : ''}`}
          onClick={() => { if (!involved.has(l)) onToggle(l); onSelect(l); }}
        >
          {l}
        </button>
      ))}
    </div>
  );
}
