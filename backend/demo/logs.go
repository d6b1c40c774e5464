package demo

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// CloudTrail logs of the AWS production account for three days in
// November, in the form CloudTrail delivers them: {"Records": [...]}.

const awsAccount = "441720938861"

// logDays are the days the auditor asked for; the last is Lena Fischer's
// termination date, whose IAM user is deleted that day.
var logDays = []string{"2026-11-18", "2026-11-19", "2026-11-20"}

type identity struct {
	Type        string `json:"type"`
	PrincipalID string `json:"principalId"`
	ARN         string `json:"arn"`
	AccountID   string `json:"accountId"`
	UserName    string `json:"userName,omitempty"`
	InvokedBy   string `json:"invokedBy,omitempty"`
}

type trailEvent struct {
	EventVersion       string         `json:"eventVersion"`
	UserIdentity       identity       `json:"userIdentity"`
	EventTime          string         `json:"eventTime"`
	EventSource        string         `json:"eventSource"`
	EventName          string         `json:"eventName"`
	AWSRegion          string         `json:"awsRegion"`
	SourceIPAddress    string         `json:"sourceIPAddress"`
	UserAgent          string         `json:"userAgent"`
	ErrorCode          string         `json:"errorCode,omitempty"`
	ErrorMessage       string         `json:"errorMessage,omitempty"`
	RequestParameters  map[string]any `json:"requestParameters"`
	ResponseElements   map[string]any `json:"responseElements"`
	AdditionalData     map[string]any `json:"additionalEventData,omitempty"`
	RequestID          string         `json:"requestID"`
	EventID            string         `json:"eventID"`
	ReadOnly           bool           `json:"readOnly"`
	EventType          string         `json:"eventType"`
	ManagementEvent    bool           `json:"managementEvent"`
	RecipientAccountID string         `json:"recipientAccountId"`
	EventCategory      string         `json:"eventCategory"`
}

func uuid(r *rand.Rand) string {
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", r.Uint32(), r.IntN(1<<16), r.IntN(1<<12), 0x8000|r.IntN(1<<14), r.Uint64()&(1<<48-1))
}

// sso is a person signed in through Okta to a permission set.
func sso(p person, set string) identity {
	role := "AWSReservedSSO_" + set + "_5f2c81d0a7e34b19"
	return identity{Type: "AssumedRole", PrincipalID: "AROAWK3L7Q2EXAMPLE:" + p.Email(),
		ARN: fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", awsAccount, role, p.Email()), AccountID: awsAccount}
}

// cloudTrail draws one day's records.
func cloudTrail(d string) ([]byte, error) {
	r := newRand(seedLogs + uint64(day(d, 0, 0).YearDay()))
	var recs []trailEvent
	add := func(at time.Time, who identity, source, name, ip, agent string, req, resp, extra map[string]any, readOnly bool) *trailEvent {
		recs = append(recs, trailEvent{EventVersion: "1.09", UserIdentity: who, EventTime: at.UTC().Format(time.RFC3339),
			EventSource: source, EventName: name, AWSRegion: "us-east-1", SourceIPAddress: ip, UserAgent: agent,
			RequestParameters: req, ResponseElements: resp, AdditionalData: extra, RequestID: uuid(r), EventID: uuid(r),
			ReadOnly: readOnly, EventType: "AwsApiCall", ManagementEvent: true, RecipientAccountID: awsAccount, EventCategory: "Management"})
		return &recs[len(recs)-1]
	}
	office := []string{"198.51.100.23", "198.51.100.24", "198.51.100.41"}
	browser := "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"
	cli := "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6"

	// Sign-ins through Okta, all with MFA, by the people with console access.
	var console []person
	for _, p := range roster {
		if role := systems[0].roles(p); role != "" && p.hasAccessOn(d) && p.employedOn(d) {
			console = append(console, p)
		}
	}
	for _, p := range console {
		if r.IntN(3) == 0 {
			continue
		}
		set := map[string]string{"AdministratorAccess": "AdministratorAccess", "ReadOnlyAccess": "ReadOnlyAccess",
			"DeveloperPowerUser": "DeveloperPowerUser", "SecurityAudit": "SecurityAudit"}[systems[0].roles(p)]
		at := day(d, 8+r.IntN(9), r.IntN(60))
		add(at, sso(p, set), "signin.amazonaws.com", "ConsoleLogin", pick(r, office), browser, nil,
			map[string]any{"ConsoleLogin": "Success"},
			map[string]any{"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "Yes", "SamlProviderArn": "arn:aws:iam::" + awsAccount + ":saml-provider/Okta"}, false)
		for range r.IntN(4) {
			name := pick(r, []string{"DescribeInstances", "DescribeDBInstances", "ListBuckets", "GetMetricData", "DescribeAlarms"})
			source := map[string]string{"DescribeInstances": "ec2.amazonaws.com", "DescribeDBInstances": "rds.amazonaws.com",
				"ListBuckets": "s3.amazonaws.com", "GetMetricData": "monitoring.amazonaws.com", "DescribeAlarms": "monitoring.amazonaws.com"}[name]
			add(at.Add(time.Duration(1+r.IntN(50))*time.Minute), sso(p, set), source, name, pick(r, office), browser, nil, nil, nil, true)
		}
	}
	// The deployment pipeline assumes its role for each release.
	for range 3 + r.IntN(4) {
		at := day(d, 10+r.IntN(8), r.IntN(60))
		add(at, identity{Type: "AWSService", InvokedBy: "codepipeline.amazonaws.com"}, "sts.amazonaws.com", "AssumeRole", "codepipeline.amazonaws.com", "codepipeline.amazonaws.com",
			map[string]any{"roleArn": "arn:aws:iam::" + awsAccount + ":role/acme-deploy-pipeline", "roleSessionName": fmt.Sprintf("release-%d", 8000+r.IntN(900))},
			map[string]any{"assumedRoleUser": map[string]any{"arn": "arn:aws:sts::" + awsAccount + ":assumed-role/acme-deploy-pipeline/release"}}, nil, false)
	}
	// A password-spraying attempt on the console, refused.
	if d == logDays[0] {
		for i := range 4 {
			e := add(day(d, 3, 12+i), identity{Type: "IAMUser", PrincipalID: "AIDAUNKNOWNPRINCIPAL", AccountID: awsAccount, UserName: "admin"},
				"signin.amazonaws.com", "ConsoleLogin", "203.0.113.77", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", nil,
				map[string]any{"ConsoleLogin": "Failure"}, map[string]any{"MFAUsed": "No"}, false)
			e.ErrorMessage = "Failed authentication"
		}
	}
	// The IAM changes Security reviews each week.
	kofi, ines, hana := byName("Kofi Mensah"), byName("Ines Carvalho"), byName("Hana Novotna")
	switch d {
	case logDays[0]:
		user := "svc-reporting-export"
		at := day(d, 14, 6)
		add(at, sso(kofi, "AdministratorAccess"), "iam.amazonaws.com", "CreateUser", pick(r, office), cli,
			map[string]any{"userName": user, "tags": []map[string]string{{"key": "owner", "value": "kofi.mensah"}, {"key": "ticket", "value": "OPS-2240"}}},
			map[string]any{"user": map[string]any{"userName": user, "arn": "arn:aws:iam::" + awsAccount + ":user/" + user, "createDate": at.Format("Jan 2, 2006 3:04:05 PM")}}, nil, false)
		add(at.Add(2*time.Minute), sso(kofi, "AdministratorAccess"), "iam.amazonaws.com", "AttachUserPolicy", pick(r, office), cli,
			map[string]any{"userName": user, "policyArn": "arn:aws:iam::" + awsAccount + ":policy/acme-reporting-export-readonly"}, nil, nil, false)
		add(at.Add(3*time.Minute), sso(kofi, "AdministratorAccess"), "iam.amazonaws.com", "CreateAccessKey", pick(r, office), cli,
			map[string]any{"userName": user}, map[string]any{"accessKey": map[string]any{"userName": user, "accessKeyId": "AKIAWK3L7Q2EXAMPLE01", "status": "Active"}}, nil, false)
	case logDays[1]:
		add(day(d, 11, 22), sso(hana, "SecurityAudit"), "iam.amazonaws.com", "GenerateCredentialReport", pick(r, office), browser, nil,
			map[string]any{"state": "STARTED"}, nil, false)
		add(day(d, 16, 40), sso(ines, "AdministratorAccess"), "iam.amazonaws.com", "PutRolePolicy", pick(r, office), cli,
			map[string]any{"roleName": "acme-ingest-pipeline", "policyName": "allow-sqs-ingest-dlq"}, nil, nil, false)
	case logDays[2]:
		lena := byName("Lena Fischer")
		add(day(d, 15, 5), sso(ines, "AdministratorAccess"), "iam.amazonaws.com", "DetachUserPolicy", pick(r, office), cli,
			map[string]any{"userName": lena.User() + "-breakglass", "policyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}, nil, nil, false)
		add(day(d, 15, 7), sso(ines, "AdministratorAccess"), "iam.amazonaws.com", "DeleteUser", pick(r, office), cli,
			map[string]any{"userName": lena.User() + "-breakglass"}, nil, nil, false)
	}
	slices.SortStableFunc(recs, func(a, b trailEvent) int {
		switch {
		case a.EventTime < b.EventTime:
			return -1
		case a.EventTime > b.EventTime:
			return 1
		}
		return 0
	})
	return json.Marshal(struct {
		Records []trailEvent `json:"Records"`
	}{recs})
}
