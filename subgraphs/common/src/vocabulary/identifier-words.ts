// How an identifier splits into words, for every place that reads names as language (relationship naming rules,
// the planner's semantic index): on `_`, `-`, spaces and other separators and at camelCase humps, lower-cased.
// `CustomerId` → customer id, `customerID` → customer id, `tbl_Orders` → tbl orders.
export function splitIdentifier(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}
