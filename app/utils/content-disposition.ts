/**
 * A Content-Disposition header (RFC 6266): a plain-ASCII quoted name for old clients, and the
 * exact name as RFC 8187 UTF-8. `inline` shows the file in the browser, `attachment` saves it.
 */
export function contentDisposition(fileName: string, disposition: 'inline' | 'attachment') {
  const asciiName = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_')
  const utf8Name = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `${disposition}; filename="${asciiName}"; filename*=UTF-8''${utf8Name}`
}
