// Package synth generates the ordinary React modules of the benchmark corpus: bench/gen's
// synth command writes them, and lint's BenchmarkEngine and BenchmarkParseJS lint and parse them.
package synth

import (
	"fmt"
	"strings"
)

// Component is an ordinary React component module of about 3.5 KB, different for each i.
// It holds no trigger word of any rule, as most files of a real app don't.
func Component(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "import { useEffect, useMemo, useState } from \"react\";\nimport { formatValue } from \"../util/format%d\";\n\n", i%7)
	fmt.Fprintf(&b, "export interface Widget%dProps {\n  title: string;\n  items: ReadonlyArray<{ id: number; label: string; value?: number }>;\n  onSelect?: (id: number) => void;\n}\n\n", i)
	for j := 0; j < 6; j++ {
		fmt.Fprintf(&b, `function helper%[1]d_%[2]d(values: number[], factor = %[2]d): number {
  let total = 0;
  for (const v of values) {
    if (v > factor * 2) {
      total += v / factor;
    } else {
      total -= Math.max(0, v - %[1]d);
    }
  }
  return values.length ? total / values.length : 0;
}

`, i, j)
	}
	fmt.Fprintf(&b, `export function Widget%[1]d({ title, items, onSelect }: Widget%[1]dProps) {
  const [selected, setSelected] = useState<number | null>(null);
  const [filter, setFilter] = useState("");
  const visible = useMemo(
    () => items.filter((it) => it.label.toLowerCase().includes(filter.toLowerCase())),
    [items, filter],
  );
  useEffect(() => {
    if (selected !== null && !visible.some((it) => it.id === selected)) {
      setSelected(null);
    }
  }, [visible, selected]);
  const score = helper%[1]d_0(visible.map((it) => it.value ?? 0));
  return (
    <section className="widget" aria-label={title}>
      <h2>{title} ({visible.length})</h2>
      <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Filter" />
      <ul>
        {visible.map((it) => (
          <li key={it.id} className={it.id === selected ? "active" : undefined}>
            <button type="button" onClick={() => { setSelected(it.id); onSelect?.(it.id); }}>
              {it.label}: {formatValue(it.value ?? 0)}
            </button>
          </li>
        ))}
      </ul>
      <footer>{`+"`score ${score.toFixed(2)}`"+`}</footer>
    </section>
  );
}

export class Widget%[1]dStore {
  private readonly cache = new Map<number, string>();
  constructor(private readonly prefix: string) {}
  get(id: number): string {
    const hit = this.cache.get(id);
    if (hit !== undefined) return hit;
    const v = `+"`${this.prefix}-${id}`"+`;
    this.cache.set(id, v);
    return v;
  }
  async load(ids: number[]): Promise<string[]> {
    return Promise.all(ids.map(async (id) => this.get(id)));
  }
}
`, i)
	return b.String()
}
