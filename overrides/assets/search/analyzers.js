/*
 * Search analyzers for English, French and Arabic (commons_en, commons_fr, commons_ar).
 *
 * One token in, one index key out: trim, fold accents and Arabic letter variants,
 * drop stop words, then apply a light stemmer. The build runs this file (in QuickJS,
 * `commons/searchindex.py`) to make the index's keys, and the search worker runs it on
 * the reader's query, so both sides always agree.
 */
(function () {
  "use strict";

  // Unicode-aware, because lunr's own trimmer uses \W and eats é, ł or Arabic letters.
  const EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
  const COMBINING = /[\u0300-\u036f]/g;
  const LIGATURES = { "œ": "oe", "æ": "ae", "ß": "ss", "ł": "l", "ø": "o", "đ": "d" };
  const LIGATURE = /[œæßłøđ]/g;

  // Harakat, hamza marks (left by NFD of أ إ آ ؤ ئ), dagger alif and tatweel don't change the word.
  const ARABIC_MARKS = /[\u064b-\u065f\u0670\u0640]/g;
  const ARABIC_LETTERS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
    // Persian yeh and keheh often slip into Arabic text typed on other keyboards.
    "ی": "ي", "ک": "ك"
  };
  const ARABIC_LETTER = /[أإآٱىةؤئیک]/g;
  // Eastern digits and ASCII digits must give the same key (٢٠١٩ = 2019).
  const EASTERN_DIGIT = /[\u0660-\u0669\u06f0-\u06f9]/g;

  function foldCharacters(word) {
    return word
      .toLowerCase()
      .replace(ARABIC_LETTER, c => ARABIC_LETTERS[c])
      .replace(EASTERN_DIGIT, c => String(c.charCodeAt(0) & 0xf))
      .normalize("NFD")
      .replace(COMBINING, "")
      .replace(ARABIC_MARKS, "")
      .replace(LIGATURE, c => LIGATURES[c])
      .normalize("NFC");
  }

  // Stop lists are written naturally and folded here, so they always match folded tokens.
  function stopSet(words) {
    return new Set(words.split(/\s+/).filter(Boolean).map(foldCharacters));
  }

  const STOP = {
    en: stopSet(`
      a an and are as at be been but by can did do does for from had has have he her
      his how i if in into is it its not of on or our she so than that the their them
      then there these they this those to was we were what when where which while who
      will with would you your
    `),
    fr: stopSet(`
      le la les de des du un une et en au aux à a l d j m n s t c qu que qui quoi pour
      par sur dans est sont ce cet cette ces se sa son ses ne pas plus ou où il elle ils
      elles nous vous on leur leurs avec sans je tu me te moi toi lui eux mon ma mes ton
      ta tes notre nos votre vos dont mais donc ni car comme si y entre vers chez très
    `),
    ar: stopSet(`
      في من إلى الى على عن ما هو هي و أو او أن إن ان ثم هذا هذه ذلك تلك التي الذي الذين
      كان كانت مع كل لا قد لم لن بين حتى إذا اذا منذ عند غير أي أيضا لكن بل هل هناك
      هنا حيث وفي ومن وهو وهي وقد ولا أنه انه أنها انها لقد
    `)
  };

  /* English */

  function isVowel(word, i) {
    const c = word[i];
    if ("aeiou".includes(c)) return true;
    // y after a consonant sounds like a vowel (city, policy).
    return c === "y" && i > 0 && !isVowel(word, i - 1);
  }

  // Number of vowel-consonant runs: tells a real stem (cooperativ) from a short one (plan).
  function measure(word) {
    let m = 0;
    for (let i = 1; i < word.length; i++)
      if (isVowel(word, i - 1) && !isVowel(word, i)) m++;
    return m;
  }

  // A short syllable like "plan" or "hop" keeps its final e (plane, hope).
  function endsShortSyllable(word) {
    const n = word.length;
    return n >= 3 && !isVowel(word, n - 3) && isVowel(word, n - 2) && !isVowel(word, n - 1) &&
      !"wxy".includes(word[n - 1]);
  }

  function stemEnglish(word) {
    word = word.replace(/['’]s$/, "");
    if (!/^[a-z]+$/.test(word) || word.length < 4) return word;

    if (word.endsWith("sses")) word = word.slice(0, -2);
    else if (word.endsWith("ies") && word.length > 4) word = word.slice(0, -3) + "y";
    else if (/(?:ch|sh|x|z)es$/.test(word)) word = word.slice(0, -2);
    // status, analysis, business are singular.
    else if (word.endsWith("s") && !/(?:ss|us|is)$/.test(word)) word = word.slice(0, -1);

    if (word.endsWith("ied") && word.length > 4) {
      word = word.slice(0, -3) + "y";
    } else if (!word.endsWith("eed")) {
      const verb = /^(.+?)(?:ing|ed)$/.exec(word);
      // A vowel-bearing stem of 3+ letters, so sing, thing, bed and need stay whole.
      if (verb && verb[1].length >= 3 && /[aeiouy]/.test(verb[1])) {
        let stem = verb[1];
        if (/([^aeiouylsz])\1$/.test(stem)) stem = stem.slice(0, -1);
        else if (measure(stem) === 1 && endsShortSyllable(stem)) stem += "e";
        word = stem;
      }
    }

    if (word.endsWith("e") && word.length >= 5) {
      const stem = word.slice(0, -1);
      if (measure(stem) > 1 || !endsShortSyllable(stem)) word = stem;
    }
    return word;
  }

  /* French */

  const ELISION = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]/;

  function stemFrench(word) {
    if (!/^[a-z]+$/.test(word) || word.length < 4) return word;

    if (word.endsWith("eaux")) word = word.slice(0, -1);
    else if (word.endsWith("aux") && word.length >= 5) word = word.slice(0, -3) + "al";
    // processus, plus, tous: a final s after u or s is not a plural.
    else if (word.endsWith("s") && !/[su]s$/.test(word)) word = word.slice(0, -1);

    // Feminine endings only on longer words, so selle, olive or frère are not mangled.
    if (word.length >= 6 && word.endsWith("ive")) word = word.slice(0, -3) + "if";
    else if (word.length >= 6 && word.endsWith("euse")) word = word.slice(0, -4) + "eux";
    else if (word.length >= 6 && /(?:elle|enne)$/.test(word)) word = word.slice(0, -2);
    else if (word.length >= 6 && word.endsWith("ere")) word = word.slice(0, -3) + "er";
    else if (word.length >= 5 && word.endsWith("e")) word = word.slice(0, -1);
    return word;
  }

  /* Arabic */

  const ARABIC_WORD = /^[\u0621-\u063a\u0641-\u064a]+$/;
  const ARTICLES = ["وال", "بال", "كال", "فال", "لل", "ال"];
  // [suffix, letters kept]; plural/dual endings keep 4 so تعاون, انسان, لبنان stay whole.
  const SUFFIXES = [
    ["يات", 3], ["ها", 3], ["ان", 4], ["ات", 3], ["ون", 4], ["ين", 4], ["يه", 3], ["ه", 3],
    ["ي", 3]
  ];

  function stripArticle(word) {
    for (const article of ARTICLES)
      if (word.startsWith(article) && word.length - article.length >= 2)
        return word.slice(article.length);
    return word;
  }

  function stemArabic(word) {
    if (!ARABIC_WORD.test(word)) return word;
    word = stripArticle(word);
    // Conjunction و and the article it hides (وللتنمية); also after an article: الولاية = ولاية.
    if (word.startsWith("و") && word.length >= 4) word = stripArticle(word.slice(1));
    for (const [suffix, keep] of SUFFIXES)
      if (word.endsWith(suffix) && word.length - suffix.length >= keep)
        return word.slice(0, -suffix.length);
    return word;
  }

  /* Public API */

  const STEMMERS = { en: stemEnglish, fr: stemFrench, ar: stemArabic };

  // The index build meets the same words over and over; a bounded memo keeps it cheap.
  const memo = new Map();
  const MEMO_LIMIT = 50000;

  function analyze(word, lang) {
    let key = foldCharacters(String(word).replace(EDGES, "")).replace(EDGES, "");
    if (lang === "fr") key = key.replace(ELISION, "");
    if (!key || (STOP[lang] && STOP[lang].has(key))) return "";
    const stem = STEMMERS[lang];
    return stem ? stem(key) : key;
  }

  function normalize(word, lang) {
    const id = lang + "\u0000" + word;
    let key = memo.get(id);
    if (key === undefined) {
      if (memo.size >= MEMO_LIMIT) memo.clear();
      key = analyze(word, lang);
      memo.set(id, key);
    }
    return key;
  }

  self.CommonsSearch = { normalize };
})();
