// hangul.js: search that matches partial words in Korean and English and
// initial consonants (초성): "ㅎㅅㅍ" finds 홈쇼핑월드.

const CHOSEONG = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const FIRST = 0xac00, LAST = 0xd7a3, PER_INITIAL = 21 * 28;

// The initial consonant of every syllable; other characters unchanged.
export function initials(text) {
	let out = '';
	for (const ch of text) {
		const c = ch.codePointAt(0);
		out += c >= FIRST && c <= LAST ? CHOSEONG[Math.floor((c - FIRST) / PER_INITIAL)] : ch;
	}
	return out;
}

function isChoseong(ch) {
	return CHOSEONG.includes(ch);
}

function norm(s) {
	return s.normalize('NFC').toLowerCase().replace(/\s+/g, '');
}

// Whether query matches any of texts: as a substring, or, when the query
// has initial consonants, position by position against the texts' initials
// (a syllable in the query must match itself, a consonant its syllables').
export function matches(query, texts) {
	const q = norm(query);
	if (!q) return true;
	const hasInitial = [...q].some(isChoseong);
	for (const t of texts) {
		if (!t) continue;
		const s = norm(t);
		if (s.includes(q)) return true;
		if (!hasInitial) continue;
		const chars = [...s], ini = [...initials(s)], qs = [...q];
		for (let i = 0; i + qs.length <= chars.length; i++) {
			let ok = true;
			for (let j = 0; j < qs.length && ok; j++)
				ok = isChoseong(qs[j]) ? ini[i + j] === qs[j] : chars[i + j] === qs[j];
			if (ok) return true;
		}
	}
	return false;
}
