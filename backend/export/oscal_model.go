package export

// The part of the OSCAL 1.1 JSON models these exports write: field names
// and nesting as NIST's schemas give them (testdata/oscal). Optional lists
// are omitted when empty, as the schemas want at least one item in any
// list that is present.

type assessmentResultsDoc struct {
	AssessmentResults assessmentResults `json:"assessment-results"`
}

type assessmentResults struct {
	UUID       string      `json:"uuid"`
	Metadata   metadata    `json:"metadata"`
	ImportAP   importAP    `json:"import-ap"`
	Results    []result    `json:"results"`
	BackMatter *backMatter `json:"back-matter,omitempty"`
}

type poamDoc struct {
	POAM poam `json:"plan-of-action-and-milestones"`
}

type poam struct {
	UUID         string         `json:"uuid"`
	Metadata     metadata       `json:"metadata"`
	SystemID     *systemID      `json:"system-id,omitempty"`
	Observations []observation  `json:"observations,omitempty"`
	Risks        []risk         `json:"risks,omitempty"`
	Findings     []oscalFinding `json:"findings,omitempty"`
	POAMItems    []poamItem     `json:"poam-items"`
	BackMatter   *backMatter    `json:"back-matter,omitempty"`
}

type metadata struct {
	Title        string  `json:"title"`
	LastModified string  `json:"last-modified"`
	Version      string  `json:"version"`
	OSCALVersion string  `json:"oscal-version"`
	Props        []prop  `json:"props,omitempty"`
	Roles        []role  `json:"roles,omitempty"`
	Parties      []party `json:"parties,omitempty"`
	Remarks      string  `json:"remarks,omitempty"`
}

type role struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

type party struct {
	UUID  string `json:"uuid"`
	Type  string `json:"type"` // person or organization
	Name  string `json:"name,omitempty"`
	Props []prop `json:"props,omitempty"`
}

type prop struct {
	Name  string `json:"name"`
	NS    string `json:"ns,omitempty"`
	Value string `json:"value"`
}

type link struct {
	Href string `json:"href"`
	Rel  string `json:"rel,omitempty"`
	Text string `json:"text,omitempty"`
}

type importAP struct {
	Href    string `json:"href"`
	Remarks string `json:"remarks,omitempty"`
}

type systemID struct {
	ID string `json:"id"`
}

type result struct {
	UUID             string           `json:"uuid"`
	Title            string           `json:"title"`
	Description      string           `json:"description"`
	Start            string           `json:"start"`
	End              string           `json:"end,omitempty"`
	Props            []prop           `json:"props,omitempty"`
	ReviewedControls reviewedControls `json:"reviewed-controls"`
	Observations     []observation    `json:"observations,omitempty"`
	Risks            []risk           `json:"risks,omitempty"`
	Findings         []oscalFinding   `json:"findings,omitempty"`
	Remarks          string           `json:"remarks,omitempty"`
}

type reviewedControls struct {
	Description       string             `json:"description,omitempty"`
	ControlSelections []controlSelection `json:"control-selections"`
}

type controlSelection struct {
	Description     string          `json:"description,omitempty"`
	IncludeAll      *struct{}       `json:"include-all,omitempty"`
	IncludeControls []selectControl `json:"include-controls,omitempty"`
}

type selectControl struct {
	ControlID string `json:"control-id"`
}

type observation struct {
	UUID             string             `json:"uuid"`
	Title            string             `json:"title,omitempty"`
	Description      string             `json:"description"`
	Props            []prop             `json:"props,omitempty"`
	Methods          []string           `json:"methods"`
	Types            []string           `json:"types,omitempty"`
	Origins          []origin           `json:"origins,omitempty"`
	RelevantEvidence []relevantEvidence `json:"relevant-evidence,omitempty"`
	Collected        string             `json:"collected"`
	Remarks          string             `json:"remarks,omitempty"`
}

type relevantEvidence struct {
	Href        string `json:"href,omitempty"`
	Description string `json:"description"`
	Props       []prop `json:"props,omitempty"`
}

type origin struct {
	Actors []actor `json:"actors"`
}

type actor struct {
	Type      string `json:"type"` // tool, assessment-platform or party
	ActorUUID string `json:"actor-uuid"`
	RoleID    string `json:"role-id,omitempty"`
}

type risk struct {
	UUID                string               `json:"uuid"`
	Title               string               `json:"title"`
	Description         string               `json:"description"`
	Statement           string               `json:"statement"`
	Props               []prop               `json:"props,omitempty"`
	Links               []link               `json:"links,omitempty"`
	Status              string               `json:"status"`
	Origins             []origin             `json:"origins,omitempty"`
	Deadline            string               `json:"deadline,omitempty"`
	Remediations        []response           `json:"remediations,omitempty"`
	RiskLog             *riskLog             `json:"risk-log,omitempty"`
	RelatedObservations []relatedObservation `json:"related-observations,omitempty"`
}

type response struct {
	UUID        string   `json:"uuid"`
	Lifecycle   string   `json:"lifecycle"` // recommendation, planned or completed
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Props       []prop   `json:"props,omitempty"`
	Links       []link   `json:"links,omitempty"`
	Origins     []origin `json:"origins,omitempty"`
	Tasks       []task   `json:"tasks,omitempty"`
	Remarks     string   `json:"remarks,omitempty"`
}

type task struct {
	UUID             string            `json:"uuid"`
	Type             string            `json:"type"` // milestone or action
	Title            string            `json:"title"`
	Description      string            `json:"description,omitempty"`
	Timing           *timing           `json:"timing,omitempty"`
	ResponsibleRoles []responsibleRole `json:"responsible-roles,omitempty"`
}

type timing struct {
	OnDate *onDate `json:"on-date,omitempty"`
}

type onDate struct {
	Date string `json:"date"`
}

type responsibleRole struct {
	RoleID     string   `json:"role-id"`
	PartyUUIDs []string `json:"party-uuids,omitempty"`
}

type riskLog struct {
	Entries []riskLogEntry `json:"entries"`
}

type riskLogEntry struct {
	UUID             string            `json:"uuid"`
	Title            string            `json:"title,omitempty"`
	Description      string            `json:"description,omitempty"`
	Start            string            `json:"start"`
	Props            []prop            `json:"props,omitempty"`
	LoggedBy         []loggedBy        `json:"logged-by,omitempty"`
	StatusChange     string            `json:"status-change,omitempty"`
	RelatedResponses []relatedResponse `json:"related-responses,omitempty"`
	Remarks          string            `json:"remarks,omitempty"`
}

type loggedBy struct {
	PartyUUID string `json:"party-uuid"`
	RoleID    string `json:"role-id,omitempty"`
}

type relatedResponse struct {
	ResponseUUID string `json:"response-uuid"`
}

type oscalFinding struct {
	UUID                string               `json:"uuid"`
	Title               string               `json:"title"`
	Description         string               `json:"description"`
	Props               []prop               `json:"props,omitempty"`
	Links               []link               `json:"links,omitempty"`
	Origins             []origin             `json:"origins,omitempty"`
	Target              target               `json:"target"`
	RelatedObservations []relatedObservation `json:"related-observations,omitempty"`
	RelatedRisks        []relatedRisk        `json:"related-risks,omitempty"`
	Remarks             string               `json:"remarks,omitempty"`
}

type target struct {
	Type        string       `json:"type"` // objective-id or statement-id
	TargetID    string       `json:"target-id"`
	Title       string       `json:"title,omitempty"`
	Description string       `json:"description,omitempty"`
	Status      targetStatus `json:"status"`
	Remarks     string       `json:"remarks,omitempty"`
}

type targetStatus struct {
	State  string `json:"state"` // satisfied or not-satisfied
	Reason string `json:"reason,omitempty"`
}

type relatedObservation struct {
	ObservationUUID string `json:"observation-uuid"`
}

type relatedRisk struct {
	RiskUUID string `json:"risk-uuid"`
}

type relatedFinding struct {
	FindingUUID string `json:"finding-uuid"`
}

type poamItem struct {
	UUID                string               `json:"uuid"`
	Title               string               `json:"title"`
	Description         string               `json:"description"`
	Props               []prop               `json:"props,omitempty"`
	Origins             []origin             `json:"origins,omitempty"`
	RelatedFindings     []relatedFinding     `json:"related-findings,omitempty"`
	RelatedObservations []relatedObservation `json:"related-observations,omitempty"`
	RelatedRisks        []relatedRisk        `json:"related-risks,omitempty"`
	Remarks             string               `json:"remarks,omitempty"`
}

type backMatter struct {
	Resources []resource `json:"resources"`
}

type resource struct {
	UUID        string  `json:"uuid"`
	Title       string  `json:"title,omitempty"`
	Description string  `json:"description,omitempty"`
	Props       []prop  `json:"props,omitempty"`
	RLinks      []rlink `json:"rlinks,omitempty"`
	Remarks     string  `json:"remarks,omitempty"`
}

type rlink struct {
	Href      string `json:"href"`
	MediaType string `json:"media-type,omitempty"`
	Hashes    []hash `json:"hashes,omitempty"`
}

type hash struct {
	Algorithm string `json:"algorithm"`
	Value     string `json:"value"`
}
