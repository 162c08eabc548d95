/* enums.c: codes and bilingual labels of the model's vocabularies. */
#include "domain/enums.h"

#include <string.h>

#define TABLE(var, label, arr) \
	const struct enum_table var = { label, arr, sizeof arr / sizeof arr[0] }

static const struct enum_entry org_kinds[ORG_KIND_COUNT] = {
	[ORG_LOCAL_COMPANY] = { "local_company", "지역 기업", "local company" },
	[ORG_BUYER] = { "buyer", "해외 바이어", "overseas buyer" },
	[ORG_DISTRIBUTOR] = { "distributor", "유통사", "distributor" },
	[ORG_ASSOCIATION] = { "association", "협회·단체", "association" },
	[ORG_GOVERNMENT] = { "government", "정부·지자체", "government or city" },
	[ORG_UNIVERSITY] = { "university", "대학", "university" },
	[ORG_RESEARCH_INSTITUTE] = { "research_institute", "연구기관",
				     "research institute" },
	[ORG_COMPANY] = { "company", "방문 기업", "company visited" },
};
TABLE(enum_org_kind, "organisation kind", org_kinds);

static const struct enum_entry sectors[SECTOR_COUNT] = {
	[SECTOR_BIO] = { "bio", "바이오", "bio" },
	[SECTOR_DEFENCE] = { "defence", "방산", "defence" },
	[SECTOR_MOBILITY] = { "mobility", "모빌리티", "mobility" },
	[SECTOR_AGRI_FOOD] = { "agri-food", "농식품", "agri-food" },
	[SECTOR_ICT] = { "ict", "정보통신", "ICT" },
	[SECTOR_AI] = { "ai", "인공지능", "AI" },
	[SECTOR_SEMICONDUCTOR] = { "semiconductor", "반도체", "semiconductors" },
	[SECTOR_BATTERY] = { "battery", "이차전지", "batteries" },
	[SECTOR_ENERGY] = { "energy", "에너지", "energy" },
	[SECTOR_HYDROGEN] = { "hydrogen", "수소", "hydrogen" },
	[SECTOR_MACHINERY] = { "machinery", "기계", "machinery" },
	[SECTOR_CHEMICALS] = { "chemicals", "화학", "chemicals" },
	[SECTOR_COSMETICS] = { "cosmetics", "화장품", "cosmetics" },
	[SECTOR_HEALTHCARE] = { "healthcare", "헬스케어", "healthcare" },
	[SECTOR_CONTENT] = { "content", "문화콘텐츠", "content" },
	[SECTOR_LOGISTICS] = { "logistics", "물류", "logistics" },
	[SECTOR_EDUCATION] = { "education", "교육", "education" },
};
TABLE(enum_sector, "sector", sectors);

static const struct enum_entry event_kinds[EVENT_KIND_COUNT] = {
	[EVENT_JOINT_PAVILION] = { "joint_pavilion", "공동관", "joint pavilion" },
	[EVENT_SIGNING] = { "signing", "협약·계약 체결", "signing" },
	[EVENT_BUSINESS_DAY] = { "business_day", "투자설명회·비즈니스 데이",
				 "business day / investment briefing" },
	[EVENT_COURTESY_CALL] = { "courtesy_call", "면담", "courtesy call" },
	[EVENT_SITE_VISIT] = { "site_visit", "현장 방문", "site visit" },
	[EVENT_CONSULTATION] = { "consultation", "자문·상담", "consultation" },
	[EVENT_COACHING] = { "coaching", "1:1 코칭", "1:1 coaching" },
	[EVENT_TECH_EXCHANGE] = { "tech_exchange", "기술 교류", "tech exchange" },
	[EVENT_B2B_MEETING] = { "b2b_meeting", "B2B 상담", "B2B meeting" },
	[EVENT_ADDRESS] = { "address", "기조연설·발표",
			    "address at a conference or forum" },
	[EVENT_SALES_PROMOTION] = { "sales_promotion", "판촉전", "sales promotion" },
	[EVENT_EXPORT_CONSULTATION] = { "export_consultation", "수출상담회",
					"export consultation meeting" },
};
TABLE(enum_event_kind, "event kind", event_kinds);

static const struct enum_entry participant_roles[PARTICIPANT_ROLE_COUNT] = {
	[PARTICIPANT_HOST] = { "host", "주최", "host" },
	[PARTICIPANT_COUNTERPART] = { "counterpart", "상대", "counterpart" },
	[PARTICIPANT_SIGNATORY] = { "signatory", "서명", "signatory" },
	[PARTICIPANT_WITNESS] = { "witness", "입회", "witness" },
	[PARTICIPANT_SPEAKER] = { "speaker", "발표", "speaker" },
	[PARTICIPANT_ATTENDEE] = { "attendee", "참석", "attendee" },
	[PARTICIPANT_EXHIBITOR] = { "exhibitor", "참가기업", "exhibitor" },
};
TABLE(enum_participant_role, "participant role", participant_roles);

static const struct enum_entry delegate_roles[DELEGATE_ROLE_COUNT] = {
	[DELEGATE_LEADER] = { "leader", "단장", "leader" },
	[DELEGATE_MEMBER] = { "member", "단원", "member" },
	[DELEGATE_STAFF] = { "staff", "수행", "staff" },
	[DELEGATE_COMPANY] = { "company", "기업 대표", "company delegate" },
};
TABLE(enum_delegate_role, "delegation role", delegate_roles);

static const struct enum_entry agreement_kinds[AGREEMENT_KIND_COUNT] = {
	[AGREEMENT_MOU] = { "mou", "MOU", "MOU" },
	[AGREEMENT_LOI] = { "loi", "LOI", "LOI" },
	[AGREEMENT_CONTRACT] = { "contract", "계약", "contract" },
	[AGREEMENT_PURCHASE_ORDER] = { "purchase_order", "구매주문", "purchase order" },
};
TABLE(enum_agreement_kind, "agreement kind", agreement_kinds);

static const struct enum_entry statuses[STATUS_COUNT] = {
	[STATUS_SIGNED] = { "signed", "체결", "signed" },
	[STATUS_IN_EXECUTION] = { "in_execution", "이행 중", "in execution" },
	[STATUS_FULFILLED] = { "fulfilled", "이행 완료", "fulfilled" },
	[STATUS_LAPSED] = { "lapsed", "만료", "lapsed" },
	[STATUS_CANCELLED] = { "cancelled", "취소", "cancelled" },
};
TABLE(enum_agreement_status, "agreement status", statuses);

static const struct enum_entry home_roles[HOME_ROLE_COUNT] = {
	[HOME_PARTY] = { "party", "당사자", "party" },
	[HOME_FACILITATOR] = { "facilitator", "지원", "facilitator" },
	[HOME_WITNESS] = { "witness", "입회", "witness" },
	[HOME_NONE] = { "none", "해당 없음", "none" },
};
TABLE(enum_home_role, "home government role", home_roles);

static const struct enum_entry party_roles[PARTY_ROLE_COUNT] = {
	[PARTY_PARTY] = { "party", "당사자", "party" },
	[PARTY_BUYER] = { "buyer", "구매자", "buyer" },
	[PARTY_SELLER] = { "seller", "판매자", "seller" },
};
TABLE(enum_party_role, "party role", party_roles);

static const struct enum_entry request_sources[SOURCE_COUNT] = {
	[SOURCE_OFFICER] = { "officer", "담당자 요청", "officer" },
	[SOURCE_COMPANY] = { "company", "기업 신청", "company" },
	[SOURCE_SUGGESTION] = { "suggestion", "추천 수락", "accepted suggestion" },
};
TABLE(enum_request_source, "request source", request_sources);

static const struct enum_entry likelihoods[LIKELIHOOD_COUNT] = {
	[LIKELIHOOD_HIGH] = { "high", "높음", "high" },
	[LIKELIHOOD_MEDIUM] = { "medium", "보통", "medium" },
	[LIKELIHOOD_LOW] = { "low", "낮음", "low" },
};
TABLE(enum_likelihood, "likelihood", likelihoods);

static const struct enum_entry evidence_kinds[EVIDENCE_KIND_COUNT] = {
	[EVIDENCE_EXPORT_DECLARATION] = { "export_declaration", "수출신고필증",
					  "export declaration" },
	[EVIDENCE_INVOICE] = { "invoice", "상업송장", "commercial invoice" },
	[EVIDENCE_PAYMENT] = { "payment", "입금·송금 내역", "payment" },
	[EVIDENCE_LETTER_OF_CREDIT] = { "letter_of_credit", "신용장",
					"letter of credit" },
	[EVIDENCE_STATEMENT] = { "statement", "기업 진술", "the firm's statement" },
};
TABLE(enum_evidence_kind, "evidence kind", evidence_kinds);

static const struct enum_entry tiers[TIER_COUNT] = {
	[TIER_CONSULTED] = { "consulted", "상담액", "consulted" },
	[TIER_EXPECTED] = { "expected", "계약추진액", "expected" },
	[TIER_SIGNED] = { "signed", "계약", "signed" },
	[TIER_REALISED] = { "realised", "수출 실적", "realised" },
};
TABLE(enum_tier, "tier", tiers);

int enum_parse(const struct enum_table *t, const char *code)
{
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->entries[i].code, code) == 0)
			return (int)i;
	return -1;
}

const char *enum_code(const struct enum_table *t, int value)
{
	if (value < 0 || (size_t)value >= t->count)
		return "";
	return t->entries[value].code;
}

const char *enum_label(const struct enum_table *t, int value, enum lang lang)
{
	if (value < 0 || (size_t)value >= t->count)
		return "";
	return lang == LANG_KO ? t->entries[value].ko : t->entries[value].en;
}

int lang_parse(const char *s)
{
	if (strcmp(s, "ko") == 0)
		return LANG_KO;
	if (strcmp(s, "en") == 0)
		return LANG_EN;
	return -1;
}
