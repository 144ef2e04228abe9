/** "Choose…": opens main's native picker and hands back what the admin chose (nothing when cancelled). */
export function PickButton<T>({ pick, onPicked, label }: { pick: () => Promise<T | null>; onPicked: (picked: T) => void; label: string }) {
  return (
    <button
      type="button"
      className="button"
      onClick={async () => {
        const picked = await pick();
        if (picked) onPicked(picked);
      }}
    >
      {label}
    </button>
  );
}
