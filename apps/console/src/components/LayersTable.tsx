export interface ModelLayer {
  name: string;
  type: string;
  outputShape: (number | null)[];
  params: number;
}

export function LayersTable({ layers, caption }: { layers: ModelLayer[]; caption: string }) {
  const total = layers.reduce((sum, l) => sum + l.params, 0);
  return (
    <div className="table-wrap">
      <table className="layers-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Type</th>
            <th scope="col">Output shape</th>
            <th scope="col" className="num">
              Parameters
            </th>
          </tr>
        </thead>
        <tbody>
          {layers.map((l) => (
            <tr key={l.name}>
              <th scope="row">{l.name}</th>
              <td>{l.type}</td>
              <td>
                <code>[{l.outputShape.map((d) => (d === null ? 'batch' : d)).join(', ')}]</code>
              </td>
              <td className="num">{l.params.toLocaleString('en-US')}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Total
            </th>
            <td className="num">{total.toLocaleString('en-US')}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
