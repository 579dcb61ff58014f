/** @module Name lists for GB records, in the style of randomuser.me's GB data (ASCII only; a few first names contain spaces). */

export const MALE_FIRST_NAMES: readonly string[] = [
  'Oliver', 'Jack', 'Harry', 'Jacob', 'Charlie', 'Thomas', 'George', 'Oscar', 'James', 'William',
  'Noah', 'Alfie', 'Joshua', 'Muhammad', 'Henry', 'Leo', 'Archie', 'Ethan', 'Joseph', 'Freddie',
  'Samuel', 'Alexander', 'Logan', 'Daniel', 'Isaac', 'Max', 'Mohammed', 'Benjamin', 'Mason', 'Lucas',
  'Edward', 'Harrison', 'Jake', 'Dylan', 'Riley', 'Finley', 'Theo', 'Sebastian', 'Adam', 'Zachary',
  'Arthur', 'Toby', 'Jayden', 'Luke', 'Harley', 'Lewis', 'Tyler', 'Harvey', 'Matthew', 'David',
  'Reuben', 'Michael', 'Elijah', 'Kian', 'Tommy', 'Mohammad', 'Blake', 'Luca', 'Theodore', 'Stanley',
  'Jenson', 'Nathan', 'Charles', 'Frankie', 'Jude', 'Teddy', 'Louie', 'Louis', 'Ryan', 'Hugo',
  'Bobby', 'Elliott', 'Dexter', 'Ollie', 'Alex', 'Liam', 'Kai', 'Gabriel', 'Connor', 'Aaron',
  'Frederick', 'Callum', 'Elliot', 'Albert', 'Leon', 'Ronnie', 'Rory', 'Jamie', 'Austin', 'Seth',
  'Ibrahim', 'Owen', 'Caleb', 'Ellis', 'Sonny', 'Robert', 'Joey', 'Felix', 'Finlay', 'Jackson',
  'Lucas Or Luke', 'Rhys', 'Craig', 'Gary', 'Mark', 'Paul', 'Stephen', 'Wayne', 'Ross', 'Dean',
]

export const FEMALE_FIRST_NAMES: readonly string[] = [
  'Amelia', 'Olivia', 'Isla', 'Emily', 'Poppy', 'Ava', 'Isabella', 'Jessica', 'Lily', 'Sophie',
  'Grace', 'Sophia', 'Mia', 'Evie', 'Ruby', 'Ella', 'Scarlett', 'Isabelle', 'Chloe', 'Sienna',
  'Freya', 'Phoebe', 'Charlotte', 'Daisy', 'Alice', 'Florence', 'Eva', 'Sofia', 'Millie', 'Lucy',
  'Evelyn', 'Elsie', 'Rosie', 'Imogen', 'Lola', 'Matilda', 'Elizabeth', 'Layla', 'Holly', 'Lilly',
  'Molly', 'Erin', 'Ellie', 'Maisie', 'Maya', 'Abigail', 'Eliza', 'Georgia', 'Jasmine', 'Esme',
  'Willow', 'Bella', 'Annabelle', 'Ivy', 'Amber', 'Emilia', 'Emma', 'Summer', 'Hannah', 'Eleanor',
  'Harriet', 'Rose', 'Amelie', 'Lexi', 'Megan', 'Gracie', 'Zara', 'Lacey', 'Martha', 'Anna',
  'Violet', 'Darcey', 'Maria', 'Maryam', 'Brooke', 'Aisha', 'Katie', 'Leah', 'Thea', 'Darcie',
  'Hollie', 'Amy', 'Mollie', 'Heidi', 'Lottie', 'Bethany', 'Francesca', 'Faith', 'Harper', 'Nancy',
  'Beatrice', 'Isabel', 'Darcy', 'Lydia', 'Sarah', 'Sara', 'Julia', 'Victoria', 'Zoe', 'Robyn',
  'Clara', 'Laura', 'Rebecca', 'Natalie', 'Joanne', 'Kerry', 'Gemma', 'Jodie', 'Tracy', 'Debbie',
]

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson',
  'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall',
  'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill',
  'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen',
  'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths',
  'Mitchell', 'Kelly', 'Cook', 'Carter', 'Richardson', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy',
  'Miller', 'Cox', 'Richards', 'Khan', 'Marshall', 'Anderson', 'Simpson', 'Ellis', 'Adams', 'Singh',
  'Begum', 'Wilkinson', 'Foster', 'Chapman', 'Powell', 'Webb', 'Rogers', 'Gray', 'Mason', 'Ali',
  'Hunt', 'Hussain', 'Campbell', 'Matthews', 'Owen', 'Palmer', 'Holmes', 'Mills', 'Barnes', 'Knight',
  'Lloyd', 'Butler', 'Russell', 'Barker', 'Fisher', 'Stevens', 'Jenkins', 'Murray', 'Dixon', 'Harvey',
  'Graham', 'Pearson', 'Ahmed', 'Fletcher', 'Walsh', 'Kaur', 'Gibson', 'Howard', 'Andrews', 'Stewart',
  'Elliott', 'Reynolds', 'Saunders', 'Payne', 'Fox', 'Ford', 'Pearce', 'Day', 'Brooks', 'West',
  'Lawrence', 'Cole', 'Atkinson', 'Bradley', 'Spencer', 'Gill', 'Dawson', 'Ball', 'Burton', 'Rose',
  'Watts', 'Booth', 'Perry', 'Ryan', 'Grant', 'Wells', 'Armstrong', 'Francis', 'Rees', 'Hayes',
  'Hart', 'Hudson', 'Newman', 'Barrett', 'Webster', 'Hunter', 'Gregory', 'Carr', 'Lowe', 'Page',
]
