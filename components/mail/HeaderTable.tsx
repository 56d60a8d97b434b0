import type { HeaderLine } from '@/lib/types';

/** Every top-level header, in the order the message has them. */
export function HeaderTable({ headers }: { headers: HeaderLine[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left font-mono text-xs" data-testid="header-table">
        <caption className="sr-only">All headers, in order</caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {headers.map((h, i) => (
            <tr key={i} className="align-top">
              <th scope="row" className="whitespace-nowrap py-1 pr-3 font-semibold text-zinc-700 dark:text-zinc-300">
                {h.name}
              </th>
              <td className="py-1 break-all whitespace-pre-wrap">{h.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
