import { HttpError } from '../http-errors.js';

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

export function requireString(body: unknown, name: string): string {
  const value = field(body, name);
  if (typeof value !== 'string' || value.trim() === '') throw new HttpError(400, `${name} is required`);
  return value.trim();
}

export function optionalString(body: unknown, name: string): string | undefined {
  const value = field(body, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `${name} must be a string`);
  return value.trim();
}

export function requireTimestamp(body: unknown, name: string): Date {
  const value = requireString(body, name);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new HttpError(400, `${name} must be an ISO 8601 timestamp`);
  return date;
}

export function idParam(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new HttpError(400, 'id must be a positive integer');
  return id;
}
