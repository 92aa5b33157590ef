import { useEffect, useRef, useState } from 'react';
import { Button, Combobox, Field, Option, Text } from '@fluentui/react-components';
import { get } from '../api';

export interface Person { objectId: string; displayName: string; detail?: string | null }

const known = new Map<string, Person>();

/** Names the object ids a form already holds (cached for the page's life), so a picker shows names, never ids. */
export async function namePeople(ids: string[]): Promise<Map<string, Person>> {
  const missing = [...new Set(ids.filter((id) => id && !known.has(id)))];
  for (let i = 0; i < missing.length; i += 50) {
    const found = (await get<Person[]>('people', { ids: missing.slice(i, i + 50).join(',') })).data;
    for (const p of found) known.set(p.objectId, p);
  }
  return known;
}

export function personName(id: string | null | undefined): string {
  if (!id) return '';
  return known.get(id)?.displayName ?? id;
}

/**
 * Picks people of the directory by name (the API's people search, as the cards' typeahead does); the form keeps their object
 * ids. One person, or several with `multiple`. The API checks every id again: the picker only saves typing them.
 */
export function PersonPicker({ label, value, onChange, multiple, required, validationMessage, hint }: {
  label: string; value: string[]; onChange: (ids: string[]) => void; multiple?: boolean; required?: boolean;
  validationMessage?: string; hint?: string;
}) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Person[]>([]);
  const [open, setOpen] = useState(false);
  const [, setNamed] = useState(0);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (value.some((id) => !known.has(id))) namePeople(value).then(() => setNamed((n) => n + 1), () => {});
  }, [value]);

  function search(text: string) {
    setQuery(text);
    window.clearTimeout(timer.current);
    if (text.trim().length < 2) { setFound([]); return; }
    timer.current = window.setTimeout(() => {
      get<Person[]>('people', { search: text.trim() }).then((a) => {
        for (const p of a.data) known.set(p.objectId, p);
        setFound(a.data);
        setOpen(true);
      }, () => setFound([]));
    }, 200);
  }

  // Several people: the box adds one at a time and the chosen are listed below it, each removable.
  const shown = multiple ? found.filter((p) => !value.includes(p.objectId))
    : [...value.map((id) => known.get(id) ?? { objectId: id, displayName: id }), ...found.filter((p) => !value.includes(p.objectId))];
  const text = multiple ? query : (query || personName(value[0]));
  return (
    <div>
    <Field label={label} required={required} validationMessage={validationMessage} hint={hint ?? 'Type two letters of a name.'}>
      <Combobox
        freeform
        value={text}
        selectedOptions={multiple ? [] : value}
        open={open}
        onOpenChange={(_, d) => setOpen(d.open)}
        onInput={(e) => search((e.target as HTMLInputElement).value)}
        onOptionSelect={(_, d) => {
          setQuery('');
          setFound([]);
          setOpen(false);
          if (!d.optionValue) return;
          onChange(multiple ? [...value.filter((id) => id !== d.optionValue), d.optionValue] : [d.optionValue]);
        }}
      >
        {shown.map((p) => (
          <Option key={p.objectId} value={p.objectId} text={p.displayName}>
            {p.detail ? `${p.displayName} (${p.detail})` : p.displayName}
          </Option>
        ))}
      </Combobox>
    </Field>
    {multiple && (value.length === 0 ? <Text size={200}>Nobody chosen yet.</Text> : (
      <ul aria-label={`${label} chosen`} style={{ margin: 0, paddingLeft: '1.2em' }}>
        {value.map((id) => (
          <li key={id}>{personName(id)} <Button size="small" appearance="subtle" aria-label={`Remove ${personName(id)}`}
            onClick={() => onChange(value.filter((v) => v !== id))}>Remove</Button></li>
        ))}
      </ul>
    ))}
    </div>
  );
}
