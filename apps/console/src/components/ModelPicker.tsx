import { useEffect } from 'react';
import { useQuery } from '../hooks.ts';

export interface ModelOption {
  id: string;
  name: string;
  task: string;
  versions: { edges: { node: { version: number } }[] };
}

export const MODEL_OPTIONS = /* GraphQL */ `
  query ConsoleModelOptions {
    models(first: 100) { edges { node { id name task versions(first: 1) { edges { node { version } } } } } }
  }
`;

/** The tenant's models (optionally only those with a trained version). */
export function useModelOptions(requireVersion = false) {
  const models = useQuery<{ models: { edges: { node: ModelOption }[] } }>(MODEL_OPTIONS);
  const options = (models.data?.models.edges.map((e) => e.node) ?? []).filter((m) => !requireVersion || m.versions.edges.length > 0);
  return { ...models, options };
}

/** A labelled select of models; picks the first one when none (or an unknown one) is chosen. */
export function ModelPicker({ options, value, onChange, id = 'model-picker' }: { options: ModelOption[]; value: string | null; onChange: (id: string) => void; id?: string }) {
  useEffect(() => {
    if (options.length > 0 && (!value || !options.some((o) => o.id === value))) onChange(options[0]!.id);
  }, [value, options, onChange]);
  return (
    <div className="field inline">
      <label htmlFor={id}>Model</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        {options.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name} ({m.task.toLowerCase()})
          </option>
        ))}
      </select>
    </div>
  );
}
