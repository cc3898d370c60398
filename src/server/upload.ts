/**
 * Reads the one file of a multipart upload (the knowledge import). Whatever goes wrong while
 * reading — no boundary, a body cut off before its closing boundary, a malformed part header —
 * becomes 400 WENDU_MULTIPART_INVALID instead of the parser's raw error (a 500); an oversize
 * file is 413 WENDU_FILE_TOO_LARGE. The file name and the form's text fields follow the same
 * text rules as every JSON body (src/content/forbidden-characters.ts).
 */
import type { FastifyRequest } from 'fastify';
import { acceptText } from '../content/forbidden-characters.js';
import { isWenduError, WenduError } from '../errors/index.js';
import { validationError } from '../errors/validation.js';

export interface UploadedFile {
  /** The name the client gave the file (text-checked), e.g. `知识库.xlsx`. */
  filename: string;
  buffer: Buffer;
}

function multipartInvalid(err: unknown): WenduError {
  if (isWenduError(err)) return err;
  if ((err as { code?: string } | null)?.code === 'FST_REQ_FILE_TOO_LARGE') return new WenduError('WENDU_FILE_TOO_LARGE');
  // The parser's message may quote the body; only say which kind of failure it was.
  return new WenduError('WENDU_MULTIPART_INVALID', { reason: (err as { code?: string } | null)?.code ?? 'malformed' });
}

/** The file in form field `fieldName`, read whole; at most `maxBytes` (the multipart plugin's limit). */
export async function readUploadedFile(request: FastifyRequest, { fieldName, maxBytes }: { fieldName: string; maxBytes: number }): Promise<UploadedFile> {
  if (!request.isMultipart()) throw new WenduError('WENDU_UNSUPPORTED_MEDIA_TYPE', { expected: 'multipart/form-data' });
  try {
    const file = await request.file();
    if (!file || file.fieldname !== fieldName) {
      throw validationError(fieldName, `请在表单字段 ${fieldName} 中上传文件`, 'invalid_type');
    }
    // Read first: a refused request still drains its body, so the connection stays usable.
    const buffer = await file.toBuffer();
    const filename = acceptText(file.filename, 'multipart.filename');
    for (const [name, field] of Object.entries(file.fields)) {
      acceptText(name, 'multipart.fields');
      const value = (field as { type?: string; value?: unknown } | undefined)?.value;
      if (typeof value === 'string') acceptText(value, `multipart.fields.${name}`);
    }
    return { filename, buffer };
  } catch (err) {
    const mapped = multipartInvalid(err);
    if (mapped.code === 'WENDU_FILE_TOO_LARGE') throw new WenduError('WENDU_FILE_TOO_LARGE', { maxBytes });
    throw mapped;
  }
}
