// A consumer of the TypeScript types openapi-typescript generates from the contracts. It compiles under
// `tsc --noEmit --strict` only if the generated types are usable: the identity card's and the driver
// licence's result_json.domain fields typed per document type, the three date forms, a GBDFL person's
// registered address. scripts/contracts-check.sh generates ./generated/*.ts beside a copy of this file.
import type { components as Edoc, paths as EdocPaths } from "./generated/edoc";
import type { components as Egov } from "./generated/egov";
import type { components as Admin, paths as AdminPaths } from "./generated/admin";

type Approve = Edoc["schemas"]["ApproveResponse"];
type DocDate = Edoc["schemas"]["NullableDate"];

// The three dialects of a result_json date, as a calendar day at UTC+06:00.
export function isoDay(d: DocDate): string | null {
  if (d === null) return null;
  if (typeof d === "string") return d;
  const ms = Math.abs(d) >= 1e11 ? d : d * 1000;
  return new Date(ms + 6 * 3600 * 1000).toISOString().slice(0, 10);
}

export function identityCard(doc: Approve): { photo: string; number: string; issued: string | null } | null {
  // Narrowed by the discriminator: only the identity card's domain has docPhoto.
  if (doc.document_type !== "identity_card" || doc.result_json === null) return null;
  const domain = doc.result_json.domain;
  const photo: string = domain.docPhoto;
  // @ts-expect-error docPhoto is a string, not never or unknown
  const notANumber: number = domain.docPhoto;
  void notANumber;
  const uri: string = doc.result_json.common.docUri;
  const code: "IdentityCard" | Edoc["schemas"]["DocTypeCode"] = doc.result_json.common.docType.code;
  void uri;
  void code;
  return { photo, number: domain.docNumber, issued: isoDay(domain.docIssuedDate) };
}

export function driverCategories(doc: Approve): string[] {
  if (doc.document_type !== "driver_license" || doc.result_json === null) return [];
  const domain = doc.result_json.domain;
  const first: string | null = isoDay(domain.firstIssued);
  void first;
  return domain.categories.map((c) => `${c.category} until ${isoDay(c.expiryDate) ?? "-"}`);
}

export function expires(doc: Approve): string | null {
  // Common to every type, without narrowing.
  return doc.result_json === null ? null : isoDay(doc.result_json.common.docExpirationDate);
}

type Person = Egov["schemas"]["Person"];

export function street(p: Person): string {
  const flat = p.regAddress.flat === null ? "" : `, кв. ${p.regAddress.flat}`;
  return `${p.regAddress.city}, ${p.regAddress.street}, ${p.regAddress.building}${flat} (${p.gender.nameKz})`;
}

// Paths and responses are typed too.
type ApproveOK = EdocPaths["/api/v1/backend/e-document/online-access/approve/"]["post"]["responses"]["200"]["content"]["application/json"];
export const sameType = (a: ApproveOK): Approve => a;

type Tenants = AdminPaths["/__admin/tenants"]["get"]["responses"]["200"]["content"]["application/json"];
export function lastUsed(t: Tenants): string[] {
  return t.tenants.map((x) => `${x.name}: ${x.scenario} @ ${x.last_used}`);
}

export type AdminError = Admin["schemas"]["AdminError"];
