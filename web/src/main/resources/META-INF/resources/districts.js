// The districts of the city, as the server keeps them (GET /api/districts): loaded once, before any
// module that imports this one runs, so that no page keeps its own copy of their codes and names.

/** The districts, in code order: {code, name, nameEn, …}. Empty when they cannot be loaded. */
export const DISTRICTS = await loadDistricts();

async function loadDistricts() {
  try {
    const response = await fetch('/api/districts', { headers: { Accept: 'application/json' } });
    return response.ok ? await response.json() : [];
  } catch {
    return [];
  }
}

const byCode = new Map(DISTRICTS.map((d) => [d.code, d]));

/** The district's short name pair [禅城, Chancheng] (without 区), or undefined for an unknown code. */
export function districtLabel(code) {
  const d = byCode.get(code);
  return d ? [d.name.replace(/区$/, ''), d.nameEn] : undefined;
}

/** The districts' codes, in order. */
export const DISTRICT_CODES = DISTRICTS.map((d) => d.code);
