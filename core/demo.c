/*
 * demo: a believable company for `frontdesk init --demo`.
 *
 * Lindner Technik GmbH: 40 staff in eight departments, a few hundred
 * contacts (German, Swiss, Austrian and some international), and two weeks
 * of calls ending at "now", with callbacks in every state.  Everything goes
 * through the fd_* operations, inside one batch (one transaction), so the
 * data obeys the same rules as typed-in data.
 *
 * The history is a small discrete-event simulation: the day's calls and
 * every later consequence (a repeat call, an attempt, a hand-over, a close)
 * are events on a heap ordered by time, so the database sees them in the
 * order they would have happened.  Events after "now" never happen: those
 * callbacks are still open.  Deterministic for a seed (own PRNG, splitmix64)
 * and the local time zone.
 */
#include "core/fd.h"
#include "core/i18n.h"
#include "core/phone.h"
#include "core/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MIN 60
#define HOUR 3600
#define DAY 86400

/* ---- tables ---- */

enum { D_EMPFANG, D_GL, D_VERTRIEB, D_EINKAUF, D_BUCH, D_PERSONAL, D_IT, D_KD, N_DEPT };

static const char *const dept_name[N_DEPT] = {
	"Empfang", "Geschäftsleitung", "Vertrieb", "Einkauf", "Buchhaltung",
	"Personal", "Technik/IT", "Kundendienst",
};
/* how often callers want someone there, and the first extension */
static const unsigned dept_weight[N_DEPT] = {0, 4, 30, 12, 13, 5, 11, 25};
static const unsigned dept_ext[N_DEPT] = {200, 210, 220, 240, 250, 260, 270, 280};

/* What callers call about; '#' a digit, YYYY the year. */
static const char *const dept_subjects[N_DEPT] = {
	"Allgemeine Anfrage",
	"Terminanfrage Geschäftsführung|Kooperationsanfrage|Presseanfrage|Persönlich|Rückfrage Vertrag",
	"Rückfrage Angebot A-YYYY-###|Angebot anfordern|Preisanfrage|Rahmenvertrag|Terminabsprache|"
	"Lieferzeit Auftrag 4#####|Musterbestellung|Neukundenanfrage|Rückfrage Angebot A-YYYY-###",
	"Bestellung B-#####|Lieferverzug|Preiserhöhung|Angebot Rohmaterial|Lieferantenanfrage|Terminabsprache",
	"Rechnung YYYY-####|Mahnung YYYY-####|Zahlungseingang|Gutschrift|Kontoänderung|Skonto Rechnung YYYY-####",
	"Bewerbung|Vorstellungsgespräch|Lohnabrechnung|Praktikum|Arbeitszeugnis|Krankmeldung",
	"Störung Fernwartung|Serviceeinsatz|Ersatzteil|Wartungsvertrag|Zugangsdaten|Software-Update|"
	"Terminabsprache Techniker",
	"Reklamation Lieferung|Rücksendung RMA-#####|Garantiefall|Lieferstatus 4#####|Ersatzlieferung|"
	"Bedienungsanleitung|Terminabsprache",
};
static const char complaint_subjects[] =
	"Reklamation Lieferung|Beschwerde Kundendienst|Falsche Rechnung YYYY-####|Beschädigte Ware|"
	"Lieferung unvollständig|Reklamation Auftrag 4#####";
static const char messages[] =
	"Bitte zurückrufen|Bittet um Rückruf heute noch|Angebot bitte per E-Mail schicken|"
	"Ist bis 17 Uhr erreichbar|Ruft wegen der Lieferung an, eilt|"
	"Hat die Unterlagen geschickt, bittet um Bestätigung|Möchte einen Termin nächste Woche|"
	"Please call back, speaks English|Rechnung doppelt erhalten|"
	"Ware beschädigt angekommen, Fotos kommen per Mail|Braucht Rückmeldung bis Freitag|"
	"Anlage steht still, bitte sofort melden|Nur vormittags erreichbar|Bittet um Rückruf auf dem Handy";
static const char notes_reached[] =
	"erledigt|Angebot folgt per Mail|Termin vereinbart|Problem gelöst|Kunde zufrieden|"
	"Unterlagen nachgereicht|Gutschrift zugesagt";
static const char notes_failed[] = "niemand erreicht|geht nicht ran|auf Mailbox gesprochen|besetzt";
static const char notes_wrong[] = "Nummer falsch notiert|kein Anschluss unter dieser Nummer";
static const char notes_again[] = "Kunde meldet sich selbst wieder|hat sich erledigt, ruft bei Bedarf erneut an";
static const char contact_notes[] =
	"bevorzugt Rückruf vormittags|spricht Englisch|Großkunde, bitte bevorzugt|"
	"Ansprechpartner Rahmenvertrag|nicht vor 10 Uhr anrufen|Einkaufsleitung";

/* The company's own staff; deputy NULL: the one before in the department. */
static const struct {
	const char *name, *login, *deputy;
	unsigned char dept;
	char role; /* r receptionist, s supervisor, e employee */
} staff_tab[] = {
	{"Sabine Krüger", "empfang", NULL, D_EMPFANG, 'r'},
	{"Petra Schulz", NULL, NULL, D_EMPFANG, 'r'},
	{"Aylin Yılmaz", NULL, NULL, D_EMPFANG, 'r'},
	{"Dr. Friedrich Lindner", NULL, NULL, D_GL, 'e'},
	{"Claudia Lindner-Berg", "clindner", NULL, D_GL, 's'},
	{"Thomas Brandt", NULL, NULL, D_GL, 'e'},
	{"Stefanie Meyer", NULL, "Thomas Brandt", D_VERTRIEB, 'e'},
	{"Hans Maier", NULL, NULL, D_VERTRIEB, 'e'},
	{"Anna Müller", NULL, NULL, D_VERTRIEB, 'e'},
	{"Jürgen Weiß", NULL, NULL, D_VERTRIEB, 'e'},
	{"Markus Schmidt", NULL, NULL, D_VERTRIEB, 'e'},
	{"Łukasz Nowak", NULL, NULL, D_VERTRIEB, 'e'},
	{"Julia Hoffmann", NULL, NULL, D_VERTRIEB, 'e'},
	{"Oliver Bauer", NULL, NULL, D_VERTRIEB, 'e'},
	{"Klaus Fischer", NULL, "", D_EINKAUF, 'e'},
	{"Monika Wagner", NULL, NULL, D_EINKAUF, 'e'},
	{"Sven Becker", NULL, NULL, D_EINKAUF, 'e'},
	{"Elif Demir", NULL, NULL, D_EINKAUF, 'e'},
	{"Peter Schäfer", NULL, NULL, D_EINKAUF, 'e'},
	{"Renate Koch", NULL, "Claudia Lindner-Berg", D_BUCH, 'e'},
	{"Michael Richter", NULL, NULL, D_BUCH, 'e'},
	{"Sandra Klein", NULL, NULL, D_BUCH, 'e'},
	{"Frank Wolf", NULL, NULL, D_BUCH, 'e'},
	{"Gülşen Arslan", NULL, NULL, D_BUCH, 'e'},
	{"Birgit Schröder", NULL, "Claudia Lindner-Berg", D_PERSONAL, 'e'},
	{"Andreas Neumann", NULL, NULL, D_PERSONAL, 'e'},
	{"Katharina Schwarz", NULL, NULL, D_PERSONAL, 'e'},
	{"Tobias Zimmermann", NULL, "", D_IT, 'e'},
	{"Jan Krause", NULL, NULL, D_IT, 'e'},
	{"Dmitri Iwanow", NULL, NULL, D_IT, 'e'},
	{"Lena Hartmann", NULL, NULL, D_IT, 'e'},
	{"Matthias Lange", NULL, NULL, D_IT, 'e'},
	{"Björn Schmitt", NULL, NULL, D_IT, 'e'},
	{"Nicole Werner", NULL, "Thomas Brandt", D_KD, 's'},
	{"Stefan Krämer", NULL, NULL, D_KD, 'e'},
	{"Marco Rossi", NULL, NULL, D_KD, 'e'},
	{"Sarah O'Brien", NULL, NULL, D_KD, 'e'},
	{"Daniel Lehmann", NULL, NULL, D_KD, 'e'},
	{"Ines Köhler", NULL, NULL, D_KD, 'e'},
	{"Mehmet Öztürk", NULL, NULL, D_KD, 'e'},
};
#define N_STAFF ((int)LEN(staff_tab))
#define OWN_DOMAIN "lindner-technik.example"

/* Who is away right now: back in minutes (to the quarter hour; at night
 * the next working morning instead), back on a working day (days ahead, or
 * -1: Monday of next week) at 08:00, or open-ended. */
static const struct {
	const char *name, *status, *note;
	int minutes, days;
	int office_only; /* lunch at night would look odd */
} away_tab[] = {
	{"Jürgen Weiß", "meeting", "Kundentermin", 80, 0, 0},
	{"Anna Müller", "lunch", NULL, 40, 0, 1},
	{"Markus Schmidt", "vacation", NULL, 0, -1, 0},
	{"Sandra Klein", "sick", NULL, 0, 0, 0},
	{"Tobias Zimmermann", "out", "Außentermin beim Kunden", 180, 0, 0},
	{"Klaus Fischer", "vacation", "Jahresurlaub", 0, 10, 0},
	{"Andreas Neumann", "meeting", "Bewerbungsgespräch", 120, 0, 1},
	{"Stefan Krämer", "meeting", "Teambesprechung", 60, 0, 1},
	{"Dr. Friedrich Lindner", "out", "Messe", 0, 2, 0},
};

/* Callers by country.  Lists are '|'-separated. */
#define SECT_DE "Logistik|Stahlbau|Elektrotechnik|Maschinenbau|Druckerei|Verpackungen|Büromöbel|" \
	"Spedition|Haustechnik|Software|Metallbau|Kunststofftechnik|Bau|Automation|Medizintechnik|" \
	"Feinkost|Gebäudereinigung|Werkzeugbau|Antriebstechnik"
#define SECT_EN "Logistics|Engineering|Components|Packaging|Software|Industries|Supplies|Trading"
#define FIRST_EN "James|Oliver|Emily|Sarah|Michael|Jennifer|David|Charlotte|Robert|Emma|William|Sophie|Chloe"

enum { L_DE, L_CH, L_AT, L_UK, L_US, L_FR, L_PL, L_NL, N_LAND };

static const struct land {
	unsigned weight;
	const char *first, *last, *stems, *sectors, *forms, *tld, *mail;
} lands[N_LAND] = {
	[L_DE] = {70,
		"Thomas|Michael|Andreas|Stefan|Christian|Markus|Frank|Jörg|Jürgen|Uwe|Matthias|Florian|"
		"Sebastian|Tobias|Lukas|Jonas|Günter|Dieter|Horst|Wolfgang|Björn|Sören|Bernd|Ralf|Kai|"
		"Niklas|Sabine|Petra|Claudia|Andrea|Susanne|Nicole|Katrin|Birgit|Julia|Laura|Lea|Hannah|"
		"Sophie|Jana|Anja|Jutta|Gisela|Renate|Brigitte|Käthe|Doris|Heike|Özlem|Zeynep|Ayşe|"
		"Mustafa|Emre|Agnieszka|Tomasz",
		"Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|Schäfer|Koch|"
		"Bauer|Richter|Klein|Wolf|Schröder|Neumann|Schwarz|Zimmermann|Braun|Krüger|Hofmann|"
		"Hartmann|Lange|Schmitt|Werner|Schmitz|Krause|Meier|Lehmann|Schmid|Schulze|Maier|Köhler|"
		"Herrmann|König|Walter|Mayer|Huber|Kaiser|Fuchs|Peters|Lang|Scholz|Möller|Weiß|Jung|Hahn|"
		"Schubert|Vogel|Friedrich|Keller|Günther|Berger|Winkler|Roth|Beck|Lorenz|Baumann|Franke|"
		"Albrecht|Schuster|Simon|Ludwig|Böhm|Winter|Kraus|Schumacher|Krämer|Vogt|Stein|Jäger|"
		"Otto|Sommer|Groß|Seidel|Heinrich|Haas|Schreiber|Graf|Dietrich|Ziegler|Kuhn|Kühn|Pohl|"
		"Engel|Horn|Busch|Bergmann|Voigt|Sauer|Arnold|Wolff|Pfeiffer|Yılmaz|Kaya|Şahin|Nowak|"
		"Kowalski|Popescu|Nguyen|Papadopoulos|Dąbrowski|Meißner|Strauß",
		"Hansa|Rheinland|Nordwind|Elbe|Spree|Isar|Weser|Harz|Schwarzwald|Ostsee|Franken|Allgäu|"
		"Brandt & Söhne|Krüger|Lindemann|Bergmann|Sauerland|Bodensee|Lausitz|Eifel|Münsterland|"
		"Havel|Mosel|Köhler",
		SECT_DE, "GmbH|GmbH|GmbH|AG|KG|GmbH & Co. KG|e.K.|OHG", "de",
		"web.de|gmx.de|t-online.de|gmail.com|posteo.de|freenet.de"},
	[L_CH] = {7,
		"Urs|Beat|Reto|Ursula|Regula|Daniela|Corinne|Matthias|Lukas|Nadine|Samuel|Fabienne|Jürg",
		"Brunner|Gerber|Steiner|Baumgartner|Frei|Keller|Zürcher|Widmer|Bühler|Meier|Suter|Lüthi|"
		"Moser|Hürlimann",
		"Alpstein|Säntis|Rigi|Zürichsee|Aare|Pilatus|Jura|Limmat", SECT_DE, "AG|AG|GmbH", "ch",
		"bluewin.ch|gmx.ch|sunrise.ch"},
	[L_AT] = {7,
		"Franz|Josef|Leopold|Johanna|Theresia|Florian|Christoph|Katharina|Elisabeth|Anna|Maximilian",
		"Gruber|Huber|Pichler|Moser|Hofer|Leitner|Eder|Wimmer|Mayrhofer|Berger|Wallner|"
		"Brandstätter|Schwaiger|Fürst",
		"Donau|Tirol|Wachau|Steirer|Alpen|Salzach|Wienerwald", SECT_DE, "GmbH|GmbH|AG|KG", "at",
		"gmx.at|aon.at|chello.at"},
	[L_UK] = {6, FIRST_EN,
		"Smith|Jones|Taylor|Brown|Williams|Wilson|Davies|Evans|Thompson|Clarke|O'Connor|Walker|"
		"Hughes|Wright",
		"Thames|Albion|Northgate|Crown|Pennine|Mersey|Cotswold", SECT_EN, "Ltd|Ltd|plc", "co.uk",
		"gmail.com|btinternet.com|outlook.com"},
	[L_US] = {3, FIRST_EN,
		"Johnson|Miller|Davis|Garcia|Rodriguez|Martinez|Anderson|Moore|Jackson|White|Harris",
		"Lakeside|Pacific|Liberty|Summit|Great Lakes|Bayview", SECT_EN, "Inc.|LLC|Corp.", "com",
		"gmail.com|yahoo.com|outlook.com"},
	[L_FR] = {3, "Élodie|Camille|Julien|Nicolas|Sophie|Mathieu|Céline|Antoine|Hélène",
		"Lefèvre|Dubois|Moreau|Laurent|Girard|Bonnet|Mercier|Rousseau|Fournier|Lambert",
		"Provence|Loire|Atelier Dubois|Lumière|Normandie",
		"Logistique|Industrie|Emballages|Électronique", "SARL|SA|SAS", "fr",
		"orange.fr|free.fr|gmail.com"},
	[L_PL] = {2, "Łukasz|Małgorzata|Piotr|Katarzyna|Tomasz|Agnieszka|Paweł|Magdalena|Krzysztof",
		"Nowak|Kowalski|Wiśniewski|Wójcik|Kamiński|Lewandowski|Zieliński|Woźniak|Szymański",
		"Wisła|Mazowsze|Bałtyk|Tatry", "Logistyka|Metal|Budownictwo|Elektronika",
		"Sp. z o.o.|S.A.", "pl", "wp.pl|onet.pl|gmail.com"},
	[L_NL] = {2, "Pieter|Jan|Sanne|Daan|Lotte|Bram|Femke|Joost",
		"de Vries|van Dijk|Jansen|de Jong|Bakker|Visser|Smit|van den Berg|Mulder",
		"Van Dijk|Oranje|Delta|Noordzee", "Logistiek|Techniek|Verpakkingen|Handel",
		"B.V.|B.V.|N.V.", "nl", "ziggo.nl|kpnmail.nl|gmail.com"},
};

/* German area codes with the usual subscriber length. */
static const struct { const char *area; int len; } de_areas[] = {
	{"30", 8}, {"40", 8}, {"89", 8}, {"69", 8}, {"221", 7}, {"711", 7}, {"211", 7},
	{"351", 7}, {"341", 7}, {"511", 7}, {"911", 7}, {"421", 7}, {"231", 7}, {"201", 7},
	{"6221", 6}, {"7071", 5}, {"8031", 6}, {"371", 6}, {"561", 6}, {"681", 6},
};
static const char de_mobile[] = "151|152|157|159|160|162|163|170|171|172|173|174|175|176|177|178|179";

/* ASCII for addresses and logins. */
static const char *const translit[][2] = {
	{"ä", "ae"}, {"ö", "oe"}, {"ü", "ue"}, {"Ä", "Ae"}, {"Ö", "Oe"}, {"Ü", "Ue"}, {"ß", "ss"},
	{"Ł", "L"}, {"ł", "l"}, {"ı", "i"}, {"ş", "s"}, {"Ş", "S"}, {"é", "e"}, {"è", "e"},
	{"É", "E"}, {"ç", "c"}, {"ğ", "g"}, {"ó", "o"}, {"ń", "n"}, {"ś", "s"}, {"ź", "z"},
	{"ż", "z"}, {"ą", "a"}, {"ę", "e"}, {"ć", "c"}, {"à", "a"}, {"ô", "o"},
};

/* ---- state ---- */

struct dstaff {
	char login[48];
	int dept, deputy; /* deputy: index, -1 none */
};

struct company {
	char name[128], domain[80];
	int land;
};

struct caller {
	long long id;      /* contact */
	char from[40];     /* the number as they gave it */
	char e164[PHONE_MAX];
	int usual;         /* staff index they usually want */
	int land;
};

/* A callback whose future the simulation decided when it was created. */
struct plan {
	long long cb, contact_id;
	char from[40], subject[96];
	int wanted, assignee, to_deputy;
};

enum { EV_CALL, EV_REPEAT, EV_ATTEMPT, EV_CLOSE, EV_REASSIGN };

struct ev {
	time_t at;
	unsigned seq;
	int kind, plan, staff, n;
	const char *what;
};

struct demo {
	struct fd *fd;
	time_t now;
	uint64_t s;
	struct dstaff staff[LEN(staff_tab)];
	int by_dept[N_DEPT][12], n_dept[N_DEPT];
	struct company *co;
	size_t nco, capco;
	char (*nums)[PHONE_MAX];
	size_t nnums, capnums;
	struct caller *callers;
	size_t ncallers, capcallers;
	struct plan *plans;
	size_t nplans, capplans;
	struct ev *heap;
	size_t nheap, capheap;
	unsigned seq;
};

#define GROW(p, n, cap) do { \
	if ((n) == (cap)) { \
		(cap) = (cap) ? (cap) * 2 : 64; \
		(p) = xrealloc((p), (cap) * sizeof *(p)); \
	} \
} while (0)

/* ---- randomness ---- */

static uint64_t next64(struct demo *d)
{
	uint64_t z = (d->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned rnd(struct demo *d, unsigned n)
{
	return n ? (unsigned)(next64(d) % n) : 0;
}

static int chance(struct demo *d, unsigned percent)
{
	return rnd(d, 100) < percent;
}

/* Skewed to low indices: a few callers call often. */
static unsigned rnd_skew(struct demo *d, unsigned n)
{
	return (unsigned)((uint64_t)rnd(d, n) * rnd(d, n) / (n ? n : 1));
}

/* ---- '|'-separated lists ---- */

static size_t nfields(const char *list)
{
	size_t n = 1;
	for (const char *p = list; *p; p++)
		n += *p == '|';
	return n;
}

static const char *field(const char *list, size_t k, size_t *len)
{
	const char *p = list;
	while (k-- > 0)
		p = strchr(p, '|') + 1;
	const char *e = strchr(p, '|');
	*len = e ? (size_t)(e - p) : strlen(p);
	return p;
}

/* Copy a random field, "YYYY" replaced by the year of at, '#' by digits. */
static void pick(struct demo *d, const char *list, time_t at, char *out, size_t n)
{
	size_t len, o = 0;
	const char *p = field(list, rnd(d, (unsigned)nfields(list)), &len);
	struct tm tm;
	localtime_r(&at, &tm);
	for (size_t i = 0; i < len && o + 5 < n; i++) {
		if (i + 4 <= len && strncmp(p + i, "YYYY", 4) == 0) {
			o += (size_t)snprintf(out + o, n - o, "%04d", tm.tm_year + 1900);
			i += 3;
		} else if (p[i] == '#') {
			out[o++] = (char)('0' + rnd(d, 10));
		} else {
			out[o++] = p[i];
		}
	}
	out[o] = '\0';
}

/* Lowercase ASCII of a name: letters and digits, runs of anything else
 * become one sep (none when sep is 0), '-' kept. */
static void ascii_fold(const char *in, char sep, char *out, size_t n)
{
	size_t o = 0;
	int pending = 0;
	for (const unsigned char *p = (const unsigned char *)in; *p && o + 4 < n;) {
		const char *rep = NULL;
		size_t adv = 1;
		char one[2] = {0, 0};
		if (*p < 0x80) {
			if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-') {
				one[0] = (char)*p;
				rep = one;
			} else if (*p >= 'A' && *p <= 'Z') {
				one[0] = (char)(*p - 'A' + 'a');
				rep = one;
			} else if (*p == ' ' || *p == '&' || *p == '.') {
				pending = 1;
			}
		} else {
			adv = 0;
			for (size_t i = 0; i < LEN(translit); i++) {
				size_t l = strlen(translit[i][0]);
				if (strncmp((const char *)p, translit[i][0], l) == 0) {
					rep = translit[i][1];
					adv = l;
					break;
				}
			}
			if (!adv) { /* unknown: skip the sequence */
				adv = 1;
				while ((p[adv] & 0xc0) == 0x80)
					adv++;
			}
		}
		if (rep) {
			if (pending && o > 0 && sep)
				out[o++] = sep;
			pending = 0;
			for (; *rep && o + 1 < n; rep++)
				out[o++] = (char)(*rep >= 'A' && *rep <= 'Z' ? *rep - 'A' + 'a' : *rep);
		}
		p += adv;
	}
	out[o] = '\0';
}

/* ---- time ---- */

/* Local midnight of the day of base plus add_days, then h:m. */
static time_t at_local(time_t base, int add_days, int h, int m)
{
	struct tm tm;
	localtime_r(&base, &tm);
	tm.tm_mday += add_days;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* t, or the next time someone is at their desk (weekday 8-18). */
static time_t business(struct demo *d, time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	if (tm.tm_wday >= 1 && tm.tm_wday <= 5 && tm.tm_hour >= 8 && tm.tm_hour < 18)
		return t;
	int add = tm.tm_hour >= 8 ? 1 : 0;
	while ((tm.tm_wday + add) % 7 == 0 || (tm.tm_wday + add) % 7 == 6)
		add++;
	return at_local(t, add, 8, 0) + (time_t)rnd(d, 120) * MIN + rnd(d, 60);
}

/* ---- events ---- */

static int ev_less(const struct ev *a, const struct ev *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

/* Queue an event; what would happen after now does not. */
static int ev_push(struct demo *d, struct ev e)
{
	if (e.at > d->now)
		return 0;
	e.seq = d->seq++;
	GROW(d->heap, d->nheap, d->capheap);
	size_t i = d->nheap++;
	while (i > 0 && ev_less(&e, &d->heap[(i - 1) / 2])) {
		d->heap[i] = d->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	d->heap[i] = e;
	return 1;
}

static struct ev ev_pop(struct demo *d)
{
	struct ev top = d->heap[0], last = d->heap[--d->nheap];
	size_t i = 0, n = d->nheap;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && ev_less(&d->heap[c + 1], &d->heap[c]))
			c++;
		if (!ev_less(&d->heap[c], &last))
			break;
		d->heap[i] = d->heap[c];
		i = c;
	}
	if (n)
		d->heap[i] = last;
	return top;
}

/* ---- numbers ---- */

static void digits(struct demo *d, char *out, int n)
{
	out[0] = (char)('2' + rnd(d, 8));
	for (int i = 1; i < n; i++)
		out[i] = (char)('0' + rnd(d, 10));
	out[n] = '\0';
}

/* One number as people in that country write it. */
static void typed_number(struct demo *d, int land, int mobile, char *out, size_t n)
{
	char s[16], a[8];
	size_t len;
	const char *p;
	unsigned f = rnd(d, 7);
	/* outside Germany a German number is dialled with its country code */
	int intl = d->fd->default_cc != 49;
	switch (land) {
	case L_DE:
		if (intl) /* +49, 0049 or +49 (0) */
			f = mobile ? (unsigned[]){1, 2, 4}[f % 3] : (unsigned[]){2, 3, 5}[f % 3];
		if (mobile) {
			p = field(de_mobile, rnd(d, (unsigned)nfields(de_mobile)), &len);
			snprintf(a, sizeof a, "%.*s", (int)len, p);
			digits(d, s, a[1] == '5' ? 8 : 7);
			switch (f % 6) {
			case 0: snprintf(out, n, "0%s %s", a, s); break;
			case 1: snprintf(out, n, "+49 %s %s", a, s); break;
			case 2: snprintf(out, n, "0049 %s %s", a, s); break;
			case 3: snprintf(out, n, "0%s/%s", a, s); break;
			case 4: snprintf(out, n, "+49 (0)%s %s", a, s); break;
			default: snprintf(out, n, "0%s %.3s %s", a, s, s + 3); break;
			}
		} else {
			unsigned k = rnd(d, LEN(de_areas));
			const char *ar = de_areas[k].area;
			digits(d, s, de_areas[k].len);
			switch (f) {
			case 0: snprintf(out, n, "0%s %s", ar, s); break;
			case 1: snprintf(out, n, "0%s/%s", ar, s); break;
			case 2: snprintf(out, n, "+49 %s %s", ar, s); break;
			case 3: snprintf(out, n, "0049 %s %s", ar, s); break;
			case 4: snprintf(out, n, "(0%s) %.3s %s", ar, s, s + 3); break;
			case 5: snprintf(out, n, "+49 (0)%s %s", ar, s); break;
			default: /* a switchboard with a direct extension (DIN 5008) */
				snprintf(out, n, "0%s %.*s-%02u", ar, (int)(9 - strlen(ar)), s,
				         10 + rnd(d, 90));
				break;
			}
		}
		break;
	case L_CH:
		p = field(mobile ? "79|78|76|77" : "44|43|31|61|41|71|22|21|52",
		          rnd(d, mobile ? 4 : 9), &len);
		digits(d, s, 7);
		snprintf(out, n, "%s %.*s %.3s %.2s %s", f % 2 ? "+41" : "0041", (int)len, p, s, s + 3,
		         s + 5);
		break;
	case L_AT:
		if (mobile) {
			p = field("664|660|676|699", rnd(d, 4), &len);
			digits(d, s, 7);
		} else {
			p = field("1|316|732|662|512", rnd(d, 5), &len);
			digits(d, s, len == 1 ? 7 : 6);
		}
		snprintf(out, n, f % 3 == 0 ? "0043 %.*s %s" : f % 3 == 1 ? "+43 %.*s %s" : "+43 (0)%.*s %s",
		         (int)len, p, s);
		break;
	case L_UK: /* Ofcom's ranges for drama: never a real line */
		if (mobile)
			snprintf(a, sizeof a, "%s", "7700");
		else
			snprintf(a, sizeof a, "%s", rnd(d, 2) ? "20" : rnd(d, 2) ? "161" : "113");
		snprintf(out, n, "%s %s %s%03u", f % 2 ? "+44" : "0044", a,
		         mobile ? "900" : strcmp(a, "20") == 0 ? "7946 0" : "496 0", rnd(d, 1000));
		break;
	case L_US: /* 555-0100..0199 is reserved for fiction */
		p = field("212|415|312|617|206|305", rnd(d, 6), &len);
		snprintf(out, n, f % 3 == 0 ? "+1 %.*s 555 01%02u" : f % 3 == 1 ? "+1 (%.*s) 555-01%02u"
		                                                      : "001 %.*s 555 01%02u",
		         (int)len, p, rnd(d, 100));
		break;
	case L_FR:
		snprintf(out, n, "%s %c %02u %02u %02u %02u", f % 2 ? "+33" : "0033",
		         mobile ? (rnd(d, 2) ? '6' : '7') : (char)('1' + rnd(d, 5)), 10 + rnd(d, 90),
		         rnd(d, 100), rnd(d, 100), rnd(d, 100));
		break;
	case L_PL:
		if (mobile) {
			p = field("601|602|501|512|691", rnd(d, 5), &len);
			digits(d, s, 6);
			snprintf(out, n, "%s %.*s %.3s %s", f % 2 ? "+48" : "0048", (int)len, p, s, s + 3);
		} else {
			p = field("22|12|61|71", rnd(d, 4), &len);
			digits(d, s, 7);
			snprintf(out, n, "%s %.*s %.3s %.2s %s", f % 2 ? "+48" : "0048", (int)len, p, s,
			         s + 3, s + 5);
		}
		break;
	default: /* NL */
		if (mobile) {
			digits(d, s, 8);
			snprintf(out, n, "+31 6 %.4s %s", s, s + 4);
		} else {
			p = field("20|10|30|70", rnd(d, 4), &len);
			digits(d, s, 7);
			snprintf(out, n, "+31 %.*s %.3s %s", (int)len, p, s, s + 3);
		}
		break;
	}
}

/* A new number nobody has yet: typed text and E.164.  0, or -1 with err. */
static int new_number(struct demo *d, int land, int mobile, char *typed, size_t n,
                      char e164[PHONE_MAX], struct fd_err *err)
{
	for (int tries = 0; tries < 50; tries++) {
		const char *why = NULL;
		typed_number(d, land, mobile, typed, n);
		if (phone_normalize(typed, d->fd->default_cc, e164, &why) != 0) {
			/* a format this library does not read: say so, it is a bug here */
			fd_errf(err, 1, "demo data: \"%s\" is not a phone number: %s", typed,
			        why ? why : "invalid");
			return -1;
		}
		size_t i;
		for (i = 0; i < d->nnums; i++)
			if (strcmp(d->nums[i], e164) == 0)
				break;
		if (i < d->nnums)
			continue;
		GROW(d->nums, d->nnums, d->capnums);
		memcpy(d->nums[d->nnums++], e164, PHONE_MAX);
		return 0;
	}
	fd_errf(err, 1, "demo data: ran out of fresh phone numbers");
	return -1;
}

/* ---- people ---- */

static int pick_land(struct demo *d)
{
	unsigned total = 0, r;
	for (int i = 0; i < N_LAND; i++)
		total += lands[i].weight;
	r = rnd(d, total);
	for (int i = 0; i < N_LAND; i++) {
		if (r < lands[i].weight)
			return i;
		r -= lands[i].weight;
	}
	return L_DE;
}

/* Someone a caller would want: the departments callers phone most. */
static int pick_wanted(struct demo *d)
{
	unsigned total = 0, r;
	int dept = D_VERTRIEB;
	for (int i = 0; i < N_DEPT; i++)
		total += dept_weight[i];
	r = rnd(d, total);
	for (int i = 0; i < N_DEPT; i++) {
		if (r < dept_weight[i]) {
			dept = i;
			break;
		}
		r -= dept_weight[i];
	}
	return d->by_dept[dept][rnd(d, (unsigned)d->n_dept[dept])];
}

static const struct company *pick_company(struct demo *d, int land)
{
	const struct land *l = &lands[land];
	size_t have = 0;
	for (size_t i = 0; i < d->nco; i++)
		have += d->co[i].land == land;
	/* most callers work where others already do */
	if (have >= 3 && (have >= 25 || chance(d, 65))) {
		size_t k = rnd(d, (unsigned)have);
		for (size_t i = 0; i < d->nco; i++)
			if (d->co[i].land == land && k-- == 0)
				return &d->co[i];
	}
	for (int tries = 0; tries < 20; tries++) {
		char stem[48], sect[48], form[24];
		pick(d, l->stems, 0, stem, sizeof stem);
		pick(d, l->sectors, 0, sect, sizeof sect);
		pick(d, l->forms, 0, form, sizeof form);
		GROW(d->co, d->nco, d->capco);
		struct company *c = &d->co[d->nco];
		snprintf(c->name, sizeof c->name, "%s %s %s", stem, sect, form);
		size_t i;
		for (i = 0; i < d->nco; i++)
			if (strcmp(d->co[i].name, c->name) == 0)
				break;
		if (i < d->nco)
			continue;
		char st[48], se[48];
		ascii_fold(stem, '-', st, sizeof st);
		ascii_fold(sect, '-', se, sizeof se);
		snprintf(c->domain, sizeof c->domain, "%.30s-%.30s.%.8s", st, se, l->tld);
		c->land = land;
		d->nco++;
		return c;
	}
	return NULL;
}

struct person {
	char name[96], company[128], email[128], typed[40], e164[PHONE_MAX];
	int land;
};

static int make_person(struct demo *d, struct person *p, struct fd_err *err)
{
	char first[40], last[40], f[40], l[40];
	const struct land *ld;
	memset(p, 0, sizeof *p);
	p->land = pick_land(d);
	ld = &lands[p->land];
	pick(d, ld->first, 0, first, sizeof first);
	pick(d, ld->last, 0, last, sizeof last);
	snprintf(p->name, sizeof p->name, "%s %s", first, last);
	const struct company *co = chance(d, 70) ? pick_company(d, p->land) : NULL;
	if (co)
		snprintf(p->company, sizeof p->company, "%s", co->name);
	if (chance(d, 45)) {
		ascii_fold(first, '.', f, sizeof f);
		ascii_fold(last, '.', l, sizeof l);
		if (co && chance(d, 40))
			snprintf(p->email, sizeof p->email, "%c.%.30s@%.60s", f[0], l, co->domain);
		else if (co)
			snprintf(p->email, sizeof p->email, "%.30s.%.30s@%.60s", f, l, co->domain);
		else {
			char prov[32];
			pick(d, ld->mail, 0, prov, sizeof prov);
			snprintf(p->email, sizeof p->email, "%.30s.%.30s%s@%.31s", f, l,
			         chance(d, 30) ? "77" : "", prov);
		}
	}
	/* private callers mostly from a mobile, business callers mostly not */
	return new_number(d, p->land, chance(d, co ? 35 : 70), p->typed, sizeof p->typed, p->e164, err);
}

static void add_caller(struct demo *d, long long id, const char *typed, const char *e164,
                       int usual, int land)
{
	GROW(d->callers, d->ncallers, d->capcallers);
	struct caller *c = &d->callers[d->ncallers++];
	c->id = id;
	snprintf(c->from, sizeof c->from, "%s", typed);
	snprintf(c->e164, sizeof c->e164, "%s", e164);
	c->usual = usual;
	c->land = land;
}

/* ---- the company ---- */

static int find_staff(const char *name)
{
	for (int i = 0; i < N_STAFF; i++)
		if (strcmp(staff_tab[i].name, name) == 0)
			return i;
	return -1;
}

static int add_staff(struct demo *d, time_t at, struct fd_err *err)
{
	int pos[N_DEPT] = {0};
	for (int i = 0; i < N_STAFF; i++) {
		struct dstaff *s = &d->staff[i];
		char first[48] = "", last[48] = "", mail[112], ext[8], phone[40], tok[48];
		/* first and last word, titles ("Dr.") skipped */
		const char *p = staff_tab[i].name;
		while (*p) {
			size_t n = strcspn(p, " ");
			if (n && p[n - 1] != '.') {
				snprintf(tok, sizeof tok, "%.*s", (int)n, p);
				if (!*first)
					snprintf(first, sizeof first, "%s", tok);
				snprintf(last, sizeof last, "%s", tok);
			}
			p += n;
			p += strspn(p, " ");
		}
		char f[48], l[48];
		ascii_fold(first, 0, f, sizeof f);
		ascii_fold(last, 0, l, sizeof l);
		if (staff_tab[i].login)
			snprintf(s->login, sizeof s->login, "%s", staff_tab[i].login);
		else
			snprintf(s->login, sizeof s->login, "%c%.30s", f[0], l);
		for (int j = 0, k = 2; j < i; j++)
			if (strcmp(d->staff[j].login, s->login) == 0) {
				snprintf(s->login, sizeof s->login, "%c%.30s%d", f[0], l, k++);
				j = -1;
			}
		s->dept = staff_tab[i].dept;
		s->deputy = -1;
		if (staff_tab[i].deputy)
			s->deputy = find_staff(staff_tab[i].deputy);
		else if (pos[s->dept] > 0)
			s->deputy = d->by_dept[s->dept][pos[s->dept] - 1];
		d->by_dept[s->dept][pos[s->dept]] = i;
		snprintf(ext, sizeof ext, "%u", dept_ext[s->dept] + (unsigned)pos[s->dept]);
		pos[s->dept]++;
		d->n_dept[s->dept] = pos[s->dept];
		snprintf(phone, sizeof phone, "+49 30 1234567-%s", ext);
		snprintf(mail, sizeof mail, "%.40s.%.40s@" OWN_DOMAIN, f, l);

		struct fd_staff_input in = {
			.name = staff_tab[i].name, .login = s->login, .ext = ext, .phone = phone,
			.email = mail, .department = dept_name[s->dept],
			.role = staff_tab[i].role == 'r' ? "receptionist"
			      : staff_tab[i].role == 's' ? "supervisor" : "employee",
			.deputy = s->deputy >= 0 ? d->staff[s->deputy].login : NULL,
		};
		if (fd_staff_add(d->fd, &in, at + i * 600, NULL, err) != 0)
			return -1;
	}
	return 0;
}

static int add_contacts(struct demo *d, int n, struct fd_err *err)
{
	/* created over the past year, oldest first */
	time_t t = d->now - 18 * DAY - (time_t)n * 22 * HOUR;
	for (int i = 0; i < n; i++) {
		struct person p;
		char note[64] = "";
		long long id;
		if (make_person(d, &p, err) != 0)
			return -1;
		if (chance(d, 6))
			pick(d, contact_notes, 0, note, sizeof note);
		struct fd_contact_input in = {
			.name = p.name, .company = *p.company ? p.company : NULL, .phone = p.typed,
			.email = *p.email ? p.email : NULL, .note = *note ? note : NULL,
		};
		t += 16 * HOUR + rnd(d, 12 * HOUR);
		if (fd_contact_add(d->fd, &in, business(d, t), &id, err) != 0)
			return -1;
		add_caller(d, id, p.typed, p.e164, pick_wanted(d), p.land);
	}
	return 0;
}

/* ---- what becomes of a callback ---- */

enum fate { F_DONE, F_CANCELLED, F_AGAIN, F_REASSIGN, F_TRIED, F_FUTURE, F_MINUTES, F_OPEN };

static enum fate pick_fate(struct demo *d)
{
	unsigned r = rnd(d, 100);
	return r < 58 ? F_DONE : r < 63 ? F_CANCELLED : r < 69 ? F_AGAIN : r < 77 ? F_REASSIGN
	     : r < 83 ? F_TRIED : r < 90 ? F_FUTURE : r < 94 ? F_MINUTES : F_OPEN;
}

static const char *failed_result(struct demo *d)
{
	static const char *const r[] = {"no-answer", "no-answer", "busy", "voicemail"};
	return r[rnd(d, LEN(r))];
}

/* When the next try happens after t. */
static time_t next_try(struct demo *d, time_t t, int first)
{
	unsigned r = rnd(d, 100);
	if (!first)
		t += 30 * MIN + rnd(d, 5 * HOUR);
	else if (r < 40)
		t += 5 * MIN + rnd(d, 55 * MIN);
	else if (r < 70)
		t += HOUR + rnd(d, 3 * HOUR);
	else if (r < 90)
		t += 4 * HOUR + rnd(d, 20 * HOUR);
	else
		t += DAY + rnd(d, 2 * DAY);
	return business(d, t);
}

/* Someone to hand a callback to. */
static int handover_to(struct demo *d, int from)
{
	int dep = d->staff[from].deputy;
	if (dep >= 0 && dep != from)
		return dep;
	int dept = d->staff[from].dept;
	if (d->n_dept[dept] > 1) {
		for (;;) {
			int k = d->by_dept[dept][rnd(d, (unsigned)d->n_dept[dept])];
			if (k != from)
				return k;
		}
	}
	return d->by_dept[D_KD][0] != from ? d->by_dept[D_KD][0] : d->by_dept[D_KD][1];
}

/* Queue attempts ending with last (or failed ones only when last is NULL);
 * returns the time of the last one queued. */
static time_t queue_attempts(struct demo *d, int plan, time_t t, int n, const char *last,
                             int first)
{
	for (int i = 0; i < n; i++) {
		t = next_try(d, t, first && i == 0);
		struct ev e = {.at = t, .kind = EV_ATTEMPT, .plan = plan,
		               .what = i == n - 1 && last ? last : failed_result(d)};
		ev_push(d, e);
	}
	return t;
}

/* Decide and queue the future of a new callback; returns when someone
 * first acts on it (0: nobody before now). */
static time_t plan_future(struct demo *d, int plan, time_t at, enum fate fate)
{
	time_t t = at, first = 0;
	int n;
	switch (fate) {
	case F_DONE:
		n = chance(d, 55) ? 1 : chance(d, 70) ? 2 : 3;
		first = next_try(d, at, 1);
		t = first;
		for (int i = 0; i < n; i++) {
			if (i > 0)
				t = next_try(d, t, 0);
			struct ev e = {.at = t, .kind = EV_ATTEMPT, .plan = plan,
			               .what = i == n - 1 ? "reached" : failed_result(d)};
			ev_push(d, e);
		}
		break;
	case F_CANCELLED:
		first = next_try(d, at, 1);
		t = first;
		if (chance(d, 40)) {
			ev_push(d, (struct ev){.at = t, .kind = EV_ATTEMPT, .plan = plan, .what = "no-answer"});
			t = next_try(d, t, 0);
		}
		ev_push(d, (struct ev){.at = t, .kind = EV_ATTEMPT, .plan = plan, .what = "wrong-number"});
		break;
	case F_AGAIN:
		first = next_try(d, at, 1);
		t = first;
		if (chance(d, 50)) {
			ev_push(d, (struct ev){.at = t, .kind = EV_ATTEMPT, .plan = plan, .what = "voicemail"});
			t = next_try(d, t, 0);
		}
		ev_push(d, (struct ev){.at = t, .kind = EV_CLOSE, .plan = plan, .what = "will-call-again"});
		break;
	case F_REASSIGN:
		first = business(d, at + 15 * MIN + rnd(d, 3 * HOUR));
		if (ev_push(d, (struct ev){.at = first, .kind = EV_REASSIGN, .plan = plan,
		                          .staff = handover_to(d, d->plans[plan].assignee)}) &&
		    chance(d, 60))
			queue_attempts(d, plan, first, chance(d, 60) ? 1 : 2, "reached", 0);
		break;
	case F_TRIED:
		first = queue_attempts(d, plan, at, 1, NULL, 1);
		if (chance(d, 40))
			queue_attempts(d, plan, first, 1, NULL, 0);
		break;
	default: /* nobody has called back yet */
		break;
	}
	return first && first <= d->now ? first : 0;
}

/* ---- calls ---- */

/* A caller calls again about the same thing. */
static int repeat_call(struct demo *d, const struct ev *e, struct fd_err *err)
{
	struct plan *pl = &d->plans[e->plan];
	struct fd_call_result res;
	char msg[64];
	snprintf(msg, sizeof msg, e->n >= 3 ? "ruft zum %d. Mal an, wird ungeduldig"
	                                    : "ruft zum %d. Mal an", e->n);
	struct fd_call_input in = {
		.for_login = d->staff[pl->wanted].login, .from = pl->from, .outcome = "unreached",
		.subject = pl->subject, .message = msg, .urgent = e->n >= 3 && chance(d, 50),
		.callback = 1, .to_deputy = pl->to_deputy,
	};
	return fd_call_log(d->fd, &in, e->at, &res, err);
}

/* A call out of the blue. */
static int new_call(struct demo *d, time_t at, struct fd_err *err)
{
	struct fd_call_input in = {0};
	struct fd_call_result res;
	struct person p;
	char subject[96], msg[160], from[40], e164[PHONE_MAX];
	int wanted, caller = -1, land = L_DE, is_new = 0;
	unsigned r = rnd(d, 100);
	struct tm tm;
	localtime_r(&at, &tm);
	int office = tm.tm_wday >= 1 && tm.tm_wday <= 5 && tm.tm_hour >= 8 && tm.tm_hour < 18;

	if (r < 88 && d->ncallers) {
		caller = (int)(chance(d, 50) ? rnd_skew(d, (unsigned)d->ncallers)
		                             : rnd(d, (unsigned)d->ncallers));
		struct caller *c = &d->callers[caller];
		land = c->land;
		wanted = chance(d, 70) ? c->usual : pick_wanted(d);
		if (chance(d, 3)) {
			/* from another phone: picked on screen, the number is learnt */
			if (new_number(d, land, 1, from, sizeof from, e164, err) != 0)
				return -1;
			in.contact_id = c->id;
		} else {
			snprintf(from, sizeof from, "%s", chance(d, 50) ? c->from : c->e164);
		}
	} else if (r < 97) {
		/* a new caller: name and company typed once */
		if (make_person(d, &p, err) != 0)
			return -1;
		land = p.land;
		wanted = pick_wanted(d);
		snprintf(from, sizeof from, "%s", p.typed);
		in.name = p.name;
		in.company = *p.company ? p.company : NULL;
		is_new = 1;
	} else {
		/* who would not give their name */
		if (new_number(d, L_DE, chance(d, 50), from, sizeof from, e164, err) != 0)
			return -1;
		wanted = pick_wanted(d);
	}
	in.for_login = d->staff[wanted].login;
	in.from = from;

	int dept = d->staff[wanted].dept;
	in.complaint = chance(d, dept == D_KD ? 10 : 3);
	pick(d, in.complaint ? complaint_subjects : dept_subjects[dept], at, subject, sizeof subject);
	in.subject = subject;
	in.urgent = chance(d, in.complaint ? 40 : 7);
	r = rnd(d, 100);
	in.outcome = office && r < 64 ? "connected" : r < 90 || !office ? "unreached" : "message";
	if (strcmp(in.outcome, "message") == 0 || (in.outcome[0] == 'u' && chance(d, 35))) {
		pick(d, messages, at, msg, sizeof msg);
		if (land != L_DE && land != L_CH && land != L_AT && chance(d, 50))
			snprintf(msg, sizeof msg, "%s", "Please call back, speaks English");
		in.message = msg;
	}
	enum fate fate = F_OPEN;
	if (in.outcome[0] == 'u' && chance(d, 92)) {
		in.callback = 1;
		in.to_deputy = d->staff[wanted].deputy >= 0 && chance(d, 8);
		fate = pick_fate(d);
		if (fate == F_FUTURE) {
			/* "call me back on ...": a time still ahead */
			in.due_at = business(d, d->now + HOUR + rnd(d, 3 * DAY));
		} else if (fate == F_MINUTES) {
			time_t due = d->now - 5 * MIN - rnd(d, 50 * MIN);
			if (due >= at)
				in.due_at = due;
		}
	}
	if (fd_call_log(d->fd, &in, at, &res, err) != 0)
		return -1;
	if (is_new && res.contact_id)
		add_caller(d, res.contact_id, p.typed, p.e164, wanted, land);
	if (!in.callback || res.attached)
		return 0;

	GROW(d->plans, d->nplans, d->capplans);
	int plan = (int)d->nplans++;
	struct plan *pl = &d->plans[plan];
	memset(pl, 0, sizeof *pl);
	pl->cb = res.callback_id;
	pl->contact_id = res.contact_id;
	snprintf(pl->from, sizeof pl->from, "%s", from);
	snprintf(pl->subject, sizeof pl->subject, "%s", subject);
	pl->wanted = wanted;
	pl->to_deputy = in.to_deputy;
	pl->assignee = in.to_deputy ? d->staff[wanted].deputy : wanted;
	time_t first = plan_future(d, plan, at, fate);

	/* some call again (and again) before anyone called back */
	if (chance(d, 18)) {
		time_t end = first ? first : (d->now < at + 3 * DAY ? d->now : at + 3 * DAY);
		int n = 1 + (int)rnd(d, 3);
		time_t t = at;
		for (int i = 0; i < n && end - t > 20 * MIN; i++) {
			t = business(d, t + 10 * MIN + rnd(d, (unsigned)((end - t) / 2)));
			if (t >= end)
				break;
			ev_push(d, (struct ev){.at = t, .kind = EV_REPEAT, .plan = plan, .n = i + 2});
		}
	}
	return 0;
}

static int run_event(struct demo *d, const struct ev *e, struct fd_err *err)
{
	struct plan *pl = e->plan >= 0 && (size_t)e->plan < d->nplans ? &d->plans[e->plan] : NULL;
	char note[96];
	switch (e->kind) {
	case EV_CALL:
		return new_call(d, e->at, err);
	case EV_REPEAT:
		return repeat_call(d, e, err);
	case EV_ATTEMPT:
		pick(d, strcmp(e->what, "reached") == 0 ? notes_reached
		        : strcmp(e->what, "wrong-number") == 0 ? notes_wrong : notes_failed,
		     e->at, note, sizeof note);
		return fd_callback_attempt(d->fd, pl->cb, e->what, chance(d, 60) ? note : NULL, NULL,
		                           e->at, err);
	case EV_CLOSE:
		pick(d, notes_again, e->at, note, sizeof note);
		return fd_callback_close(d->fd, pl->cb, e->what, note, e->at, err);
	case EV_REASSIGN:
		if (fd_callback_reassign(d->fd, pl->cb, d->staff[e->staff].login, e->at, err) != 0)
			return -1;
		pl->assignee = e->staff;
		return 0;
	}
	return 0;
}

/* Two weeks of calls up to now: busy weekdays, a trickle at weekends. */
static void queue_calls(struct demo *d)
{
	time_t from = d->now - 14 * DAY;
	for (int k = 14; k >= 0; k--) {
		time_t day = at_local(d->now, -k, 0, 0);
		struct tm tm;
		localtime_r(&day, &tm);
		int weekday = tm.tm_wday >= 1 && tm.tm_wday <= 5;
		unsigned n = weekday ? 70 + rnd(d, 51) : tm.tm_wday == 6 ? 3 + rnd(d, 8) : rnd(d, 4);
		for (unsigned i = 0; i < n; i++) {
			int minute;
			unsigned r = rnd(d, 100);
			if (r < 3) /* before or after office hours */
				minute = rnd(d, 3) ? 7 * 60 + 15 + (int)rnd(d, 45) : 18 * 60 + (int)rnd(d, 90);
			else if (r < 52) /* the morning peak around 10 */
				minute = 10 * 60 + (int)rnd(d, 150) + (int)rnd(d, 150) - 150;
			else /* the afternoon around 14:30 */
				minute = 14 * 60 + 30 + (int)rnd(d, 180) + (int)rnd(d, 180) - 180;
			if (r >= 3 && (minute < 8 * 60 || minute >= 18 * 60))
				minute = 8 * 60 + (int)rnd(d, 600);
			time_t at = at_local(day, 0, minute / 60, minute % 60) + rnd(d, 60);
			if (at > from && at <= d->now)
				ev_push(d, (struct ev){.at = at, .kind = EV_CALL, .plan = -1});
		}
	}
}

/* ---- who is away now ---- */

static int set_presence(struct demo *d, struct fd_err *err)
{
	struct tm tm;
	localtime_r(&d->now, &tm);
	int office = tm.tm_wday >= 1 && tm.tm_wday <= 5 && tm.tm_hour >= 8 && tm.tm_hour < 17;
	for (size_t i = 0; i < LEN(away_tab); i++) {
		int s = find_staff(away_tab[i].name);
		char until[40] = "", rel[24] = "";
		time_t t = 0;
		if (s < 0 || (away_tab[i].office_only && !office))
			continue;
		if (away_tab[i].minutes > 0) {
			t = d->now + (time_t)away_tab[i].minutes * MIN;
			if (!office)
				t = business(d, d->now) + (time_t)away_tab[i].minutes * MIN;
			t += (15 * MIN - t % (15 * MIN)) % (15 * MIN);
		} else if (away_tab[i].days) {
			int add = away_tab[i].days > 0 ? away_tab[i].days : (8 - tm.tm_wday) % 7;
			t = business(d, at_local(d->now, add ? add : 7, 7, 0));
			t = at_local(t, 0, 8, 0);
		}
		if (t) {
			struct tm ut;
			localtime_r(&t, &ut);
			strftime(until, sizeof until, "%Y-%m-%d %H:%M", &ut);
			snprintf(rel, sizeof rel, "+%lldm", (long long)(t - d->now + MIN - 1) / MIN);
		}
		struct fd_err e2;
		if (fd_presence_set(d->fd, d->staff[s].login, away_tab[i].status,
		                    *until ? until : NULL, away_tab[i].note, d->now, &e2) == 0)
			continue;
		/* a wall-clock time the clocks turn back over reads ambiguously */
		if (!*rel || fd_presence_set(d->fd, d->staff[s].login, away_tab[i].status, rel,
		                             away_tab[i].note, d->now, err) != 0) {
			if (!*rel)
				*err = e2;
			return -1;
		}
	}
	return 0;
}

/* ---- the whole ---- */

static int populate(struct demo *d, struct fd_err *err)
{
	if (add_staff(d, d->now - 400 * DAY, err) != 0)
		return -1;
	if (add_contacts(d, 300, err) != 0)
		return -1;
	queue_calls(d);
	while (d->nheap) {
		struct ev e = ev_pop(d);
		if (run_event(d, &e, err) != 0)
			return -1;
	}
	return set_presence(d, err);
}

int fd_demo_populate(struct fd *fd, time_t now, unsigned seed, struct fd_err *err)
{
	struct staff *list = NULL;
	size_t n = 0;
	struct fd_err scratch;
	int ret = -1;

	if (fd_staff_list(fd, &list, &n, err) != 0)
		return -1;
	db_staff_free_list(list, n);
	if (n > 0) {
		fd_errf(err, 2, _("the database already has %zu staff; demo data goes into a new database "
		                  "(frontdesk --db NEW.db init --demo)"), n);
		return -1;
	}

	struct demo *d = xcalloc(1, sizeof *d);
	d->fd = fd;
	d->now = now;
	d->s = 0x6a09e667f3bcc909ULL ^ ((uint64_t)seed * 0x9e3779b97f4a7c15ULL);
	if (fd_batch_begin(fd, err) != 0)
		goto out;
	if (populate(d, err) != 0) {
		fd_batch_end(fd, 0, &scratch);
		char msg[sizeof err->msg];
		snprintf(msg, sizeof msg, "%s", err->msg);
		fd_errf(err, err->code ? err->code : 1, "demo data not written: %s", msg);
		goto out;
	}
	if (fd_batch_end(fd, 1, err) != 0)
		goto out;
	ret = 0;
out:
	free(d->co);
	free(d->nums);
	free(d->callers);
	free(d->plans);
	free(d->heap);
	free(d);
	return ret;
}
