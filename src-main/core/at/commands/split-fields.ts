// Splitting `+NAME: a,"b",c` into fields (27.007 §4.1: strings are quoted, commas inside quotes
// are data). Its own module so the URC classifier can use it without the parsers' error helpers.

export interface Field {
  value: string;
  quoted: boolean;
}

/** Splits the text after `+NAME:` into fields; quotes are removed, blanks around unquoted fields trimmed. */
export function splitFields(text: string): Field[] {
  const fields: Field[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    while (i < n && text[i] === ' ') i++;
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      const close = end < 0 ? n : end;
      fields.push({ value: text.slice(i + 1, close), quoted: true });
      i = close + 1;
      while (i < n && text[i] !== ',') i++;
    } else {
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? n : comma;
      fields.push({ value: text.slice(i, end).trim(), quoted: false });
      i = end;
    }
    if (i >= n) break;
    i++; // skip the comma
  }
  return fields;
}

