// A case as both apps show it: its view for the caller and its history, reloaded after a change.
import { useEffect, useState } from 'preact/hooks';
import { api, problem, type Schemas } from './api';

export function useCase(id: string) {
  const [view, setView] = useState<Schemas['CaseView']>();
  const [history, setHistory] = useState<Schemas['HistoryEntry'][]>([]);
  const [error, setError] = useState<string>();
  const reload = () => {
    setError(undefined);
    return Promise.all([
      api.GET('/api/v1/cases/{id}', { params: { path: { id } } }),
      api.GET('/api/v1/cases/{id}/history', { params: { path: { id } } }),
    ])
      .then(([c, h]) => {
        // A failed reload keeps the case on screen with the problem above it.
        if (c.error) return setError(problem(c.error));
        setView(c.data);
        setHistory(h.data ?? []);
      })
      .catch((e) => setError(problem(e)));
  };
  useEffect(() => void reload(), [id]);
  return { view, history, error, setError, reload };
}
