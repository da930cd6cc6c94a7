/**
 * The filter bar above a big server-side list (assets, findings): a search box bound to `q`, then filters that
 * each own one parameter of the address bar, so a filtered view can be bookmarked or shared. The bar only edits
 * the address; the list reads it and asks the server.
 */
import type { ReactNode } from 'react';
import { setQuery } from '../router';
import { useSearchQuery } from '../ui';

export function FilterBar({
  query,
  search,
  children,
}: {
  query: URLSearchParams;
  /** The search box: what it searches (its placeholder), its width, and the id of a line explaining it. */
  search: { placeholder: string; size: number; describedBy?: string };
  children: ReactNode;
}) {
  const [text, setText] = useSearchQuery(query);
  return (
    <form className="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
      <label className="inline">
        Search
        <input
          type="search"
          placeholder={search.placeholder}
          value={text}
          onChange={(e) => setText(e.target.value)}
          size={search.size}
          aria-describedby={search.describedBy}
        />
      </label>
      {children}
    </form>
  );
}

/**
 * A free-text filter on one parameter: it takes effect when the field is left or Enter is pressed, not per
 * keystroke (an exact match on half a word would empty the list while typing). Keyed by the parameter's value so
 * it shows the address bar's value again after Back.
 */
export function TextFilter({
  query,
  name,
  label,
  size,
  placeholder,
}: {
  query: URLSearchParams;
  name: string;
  label: string;
  size: number;
  placeholder?: string;
}) {
  const value = query.get(name) ?? '';
  return (
    <label className="inline">
      {label}
      <input
        key={value}
        defaultValue={value}
        placeholder={placeholder}
        onBlur={(e) => setQuery({ [name]: e.target.value.trim() })}
        onKeyDown={(e) => e.key === 'Enter' && setQuery({ [name]: e.currentTarget.value.trim() })}
        size={size}
      />
    </label>
  );
}

/** A filter on one parameter choosing among known values, or "any" (the parameter removed). */
export function SelectFilter({
  query,
  name,
  label,
  values,
  show = (v) => v,
}: {
  query: URLSearchParams;
  name: string;
  label: string;
  values: readonly string[];
  /** The words an option shows for its value. */
  show?: (value: string) => string;
}) {
  return (
    <label className="inline">
      {label}
      <select value={query.get(name) ?? ''} onChange={(e) => setQuery({ [name]: e.target.value })}>
        <option value="">any</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {show(v)}
          </option>
        ))}
      </select>
    </label>
  );
}
