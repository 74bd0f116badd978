/** A file of a multipart upload. */
export interface Upload {
  name: string;
  data: Buffer | string;
}

/** A multipart body built by the platform's FormData, as a browser would send it. */
export async function multipart(files: Upload[], fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('files', new Blob([f.data]), f.name);
  const res = new Response(form);
  return {
    payload: Buffer.from(await res.arrayBuffer()),
    headers: { 'content-type': res.headers.get('content-type')! },
  };
}
