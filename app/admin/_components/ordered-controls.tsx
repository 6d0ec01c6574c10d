"use client";

/** Moves item `index` by `delta` places; returns a new array. */
export function move<T>(items: T[], index: number, delta: number): T[] {
  const target = index + delta;
  if (target < 0 || target >= items.length) return items;
  const next = [...items];
  const [item] = next.splice(index, 1);
  next.splice(target, 0, item as T);
  return next;
}

/** Up / down buttons for one row of an ordered list, and remove when `onRemove` is given. */
export function RowControls({
  label,
  index,
  count,
  onMove,
  onRemove,
}: {
  label: string;
  index: number;
  count: number;
  onMove: (delta: number) => void;
  onRemove?: () => void;
}) {
  return (
    <span className="row-actions">
      <button type="button" className="adm-btn small secondary" aria-label={`انقل «${label}» إلى الأعلى`} disabled={index === 0} onClick={() => onMove(-1)}>
        ↑
      </button>
      <button
        type="button"
        className="adm-btn small secondary"
        aria-label={`انقل «${label}» إلى الأسفل`}
        disabled={index === count - 1}
        onClick={() => onMove(1)}
      >
        ↓
      </button>
      {onRemove ? (
        <button type="button" className="adm-btn small danger" aria-label={`أزل «${label}»`} onClick={onRemove}>
          ×
        </button>
      ) : null}
    </span>
  );
}
