/** @module Place lists for GB records: street names, towns, and the 70 county values randomuser.me uses as `state`. */

export const STREET_NAMES: readonly string[] = [
  'Main Road', 'Church Lane', 'The Crescent', 'High Street', 'Station Road', 'Main Street', 'Park Road',
  'Church Road', 'Church Street', 'London Road', 'Victoria Road', 'Green Lane', 'Manor Road', 'Park Avenue',
  'The Avenue', 'Queens Road', 'New Road', 'Grange Road', 'Kings Road', 'Kingsway', 'Windsor Road',
  'Highfield Road', 'Mill Lane', 'Alexander Road', 'York Road', "St. John's Road", 'Brook Road',
  'Springfield Road', 'North Road', 'Stanley Road', 'Chester Road', 'Mill Road', 'Richmond Road',
  'Albert Road', 'School Lane', 'Broadway', 'The Drive', 'Victoria Street', 'Chapel Street', 'Park Lane',
  'Mill Street', 'King Street', 'Queen Street', 'West Street', 'South Street', 'George Street',
  'Manchester Road', 'Grove Road', 'Denmans Lane', 'Richmond Park', 'Rectory Lane', 'North Street',
  'Oxford Road', 'Queensway', 'Orchard Road', 'Bridge Street',
]

export const CITIES: readonly string[] = [
  'Aberdeen', 'Bangor', 'Bath', 'Belfast', 'Birmingham', 'Bradford', 'Brighton and Hove', 'Bristol',
  'Cambridge', 'Canterbury', 'Cardiff', 'Carlisle', 'Chelmsford', 'Chester', 'Chichester', 'Coventry',
  'Derby', 'Dundee', 'Durham', 'Edinburgh', 'Ely', 'Exeter', 'Glasgow', 'Gloucester', 'Hereford',
  'Inverness', 'Kingston upon Hull', 'Lancaster', 'Leeds', 'Leicester', 'Lichfield', 'Lincoln',
  'Lisburn', 'Liverpool', 'London', 'Londonderry', 'Manchester', 'Newcastle upon Tyne', 'Newport',
  'Newry', 'Norwich', 'Nottingham', 'Oxford', 'Perth', 'Peterborough', 'Plymouth', 'Portsmouth',
  'Preston', 'Ripon', 'St Albans', 'St Asaph', 'St Davids', 'Salford', 'Salisbury', 'Sheffield',
  'Southampton', 'Stirling', 'Stoke-on-Trent', 'Sunderland', 'Swansea', 'Truro', 'Wakefield', 'Wells',
  'Westminster', 'Winchester', 'Wolverhampton', 'Worcester', 'York', 'Bolton', 'Stevenage', 'Worthing',
  'Crawley', 'Milton Keynes', 'Reading', 'Luton', 'Slough', 'Swindon', 'Basildon', 'Northampton',
]

/** The complete domain of `location.state` for GB, in the API's order. */
export const COUNTIES: readonly string[] = [
  'Avon', 'Bedfordshire', 'Berkshire', 'Borders', 'Buckinghamshire', 'Cambridgeshire', 'Central', 'Cheshire',
  'Cleveland', 'Clwyd', 'Cornwall', 'County Antrim', 'County Armagh', 'County Down', 'County Fermanagh',
  'County Londonderry', 'County Tyrone', 'Cumbria', 'Derbyshire', 'Devon', 'Dorset', 'Dumfries and Galloway',
  'Durham', 'Dyfed', 'East Sussex', 'Essex', 'Fife', 'Gloucestershire', 'Grampian', 'Greater Manchester', 'Gwent',
  'Gwynedd County', 'Hampshire', 'Herefordshire', 'Hertfordshire', 'Highlands and Islands', 'Humberside',
  'Isle of Wight', 'Kent', 'Lancashire', 'Leicestershire', 'Lincolnshire', 'Lothian', 'Merseyside',
  'Mid Glamorgan', 'Norfolk', 'North Yorkshire', 'Northamptonshire', 'Northumberland', 'Nottinghamshire',
  'Oxfordshire', 'Powys', 'Rutland', 'Shropshire', 'Somerset', 'South Glamorgan', 'South Yorkshire',
  'Staffordshire', 'Strathclyde', 'Suffolk', 'Surrey', 'Tayside', 'Tyne and Wear', 'Warwickshire',
  'West Glamorgan', 'West Midlands', 'West Sussex', 'West Yorkshire', 'Wiltshire', 'Worcestershire',
]
